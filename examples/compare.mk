# A batch comparison as a make -j job: one sorted key stream per extract and
# hash shard, built in parallel, then one presence summary per shard.
# Run from the repository root:
#
#   make -j -f examples/compare.mk             # build/compare/summary.json
#   make -j -f examples/compare.mk SHARDS=4    # four shards, four summaries,
#                                              # added up in summary.json
#
# Every tool exits non-zero on bad input, so make stops there; a partial
# output is deleted (.DELETE_ON_ERROR).  A recipe with a pipe fails when any
# stage fails (bash with pipefail), and even without that a failed vi-keys
# cannot pass: vi-sort refuses an empty or truncated binary key stream.

SHELL       := bash
.SHELLFLAGS := -o pipefail -ec

BIN    ?= build
KEY    ?= region,date,id
FILES  ?= crm billing warehouse
OUT    ?= build/compare
SHARDS ?= 1

comma  := ,
empty  :=
space  := $(empty) $(empty)
names  := $(subst $(space),$(comma),$(strip $(FILES)))
shards := $(shell seq 1 $(SHARDS))

all: $(OUT)/summary.json

# The shards partition the keys: their summaries add up to the whole (the
# inputs' paths, which differ from shard to shard, become null).
$(OUT)/summary.json: $(foreach s,$(shards),$(OUT)/summary.$(s).json)
	$(BIN)/vi-presence --merge-summaries --json $^ > $@

# $(1) = file, $(2) = shard
define keys_rule
$(OUT)/$(1).$(2).keys: examples/extract_$(1).csv | $(OUT)
	$(BIN)/vi-keys -b -k $(KEY) --shard $(2)/$(SHARDS) $$< | $(BIN)/vi-sort -o $$@
endef

# $(1) = shard
define summary_rule
$(OUT)/summary.$(1).json: $(foreach f,$(FILES),$(OUT)/$(f).$(1).keys)
	$(BIN)/vi-presence --summary --json --names $(names) $$^ > $$@
endef

$(foreach f,$(FILES),$(foreach s,$(shards),$(eval $(call keys_rule,$(f),$(s)))))
$(foreach s,$(shards),$(eval $(call summary_rule,$(s))))

$(OUT):
	mkdir -p $@

.DELETE_ON_ERROR:
.PHONY: all
