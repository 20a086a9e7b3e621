# ViewerIt core: build, test, install.  GNU Make.
#
#   make            build every cmd/vi-*.c against lib/libvi.a
#   make check      build and run the whole test suite (bats, C unit tests,
#                   the Python package's unittests)
#   make check-asan rebuild with ASan+UBSan into build-asan/ and run the same suite
#   make torture    the full fault-injection sweep (tests/fault/sweep.sh -f)
#   make demo       install what is missing, build, run the main job on examples/
#   make bench      benchmarks against peer tools (slow; see tests/bench/)
#   make fuzz       libFuzzer targets (clang) into build-fuzz/, run from
#                   tests/fuzz/corpus/ for FUZZ_SECONDS in all
#   make fuzz-cov   line coverage of lib/ by the fuzz corpora (llvm-cov)
#   make install    PREFIX=/usr/local DESTDIR= (PYTHONDIR for the Python package)

VERSION  := 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
# The Python package viewerit_core goes here; Debian's python3 reads
# /usr/local/lib/python3/dist-packages.
PYTHONDIR ?= $(PREFIX)/lib/python3/dist-packages
# Debian's interpreter, which has pandas and dask.distributed (the first python3
# on PATH may not).
PYTHON   ?= /usr/bin/python3
B        ?= build

CC       ?= cc
CFLAGS   ?= -O2 -g
# Language and warnings in their own variable: every build, the sanitizer
# build too (which sets CFLAGS on the command line), compiles with them.
WARN     := -std=c11 -Wall -Wextra -Werror -pthread
override CFLAGS += $(WARN)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DVI_VERSION='"$(VERSION)"' -Ilib -MMD -MP
LDLIBS   += -lcsv -lxxhash -ljansson -lz -lzstd -lm -pthread

LIB_SRC  := $(sort $(wildcard lib/*.c))
CMD_SRC  := $(sort $(wildcard cmd/vi-*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
TOOLS    := $(CMD_SRC:cmd/%.c=$(B)/%)
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)
MANS     := $(sort $(wildcard man/*.[1-9]))
PY_SRC   := $(sort $(wildcard python/viewerit_core/*.py))

.PHONY: all check check-unit check-bats check-asan torture fuzz fuzz-cov demo deps bench bench-sort bench-pipeline bench-validate bench-scale bench-python bench-diff bench-plain bench-dask bench-all install uninstall clean lint-man
all: $(TOOLS)

$(B)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libvi.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/vi-%: $(B)/cmd/vi-%.o $(B)/libvi.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/unit/%: $(B)/unit/%.o $(B)/libvi.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The fuzz targets (tests/fuzz/fuzz_*.c), replayed by make check over their
# regression inputs and seed corpus without clang: build/unit/test_fuzz_*.
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_[a-z]*.c))
FUZZ_TARGETS := $(filter-out util,$(FUZZ_SRC:tests/fuzz/fuzz_%.c=%))
FUZZ_UNITS   := $(FUZZ_TARGETS:%=$(B)/unit/test_fuzz_%)
FUZZ_DEPS    := $(wildcard tests/fuzz/*.h) tests/fuzz/fuzz_util.c
# Every read(2) of the library goes through the target's schedule.
FUZZ_LDFLAGS := -Wl,--wrap=read

$(B)/unit/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_DEPS) $(B)/libvi.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $(FUZZ_LDFLAGS) \
	    -DVI_FUZZ_DIR='"$(abspath tests/fuzz)"' -DVI_FUZZ_TARGET='"$*"' \
	    -o $@ $< tests/fuzz/replay.c tests/fuzz/fuzz_util.c $(B)/libvi.a $(LDLIBS)

# Debian packages the build, the tests and the demo need.
DEB_PKGS := gcc make libcsv-dev libxxhash-dev libjansson-dev zlib1g-dev libzstd-dev zstd bats bats-assert bats-support bats-file python3 python3-pandas python3-distributed python3-dask mandoc time libxml2-utils
deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# The whole suite.  The last line is "N passed, N failed", counted from TAP.
# The fault-injection shim for LD_PRELOAD (tests/fault/fault.c): never
# built with the sanitizers, whatever CFLAGS says.
$(B)/libfault.so: tests/fault/fault.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 -fPIC -shared -o $@ $<

# VI_ASAN=1 (set by check-asan) tells the tests the tools are sanitized:
# no LD_PRELOAD malloc shim, no ulimit -v (ASan reserves terabytes).
check: deps all $(UNITS) $(FUZZ_UNITS) $(B)/libfault.so
	@VI_ASAN=$(VI_ASAN) VI_BIN=$(abspath $(B)) UNIT_BIN=$(abspath $(B)/unit) PYTHON=$(PYTHON) tests/run-tests

# The full fault-injection sweep (every N of every call class, also in
# persistent mode): minutes; see tests/fuzz/README.md "Fault injection".
torture: all $(B)/libfault.so
	tests/fault/sweep.sh -f $(B) $(B)/torture

check-asan:
	$(MAKE) B=build-asan CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' LDFLAGS='-fsanitize=address,undefined' VI_ASAN=1 check

# libFuzzer with ASan and UBSan: clang only here, never for make check.
# Each target runs FUZZ_SECONDS / (number of targets) from its seed corpus
# and regression inputs; what it learns goes to build-fuzz/corpus/TARGET,
# a crash, leak, hang or finding to build-fuzz/artifacts/TARGET/ (make
# fails).  FUZZ_FLAGS adds libFuzzer options.
FB           := build-fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 210
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) $(WARN)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FB)/%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FB)/fuzz_%)
FUZZ_EACH     = $(shell echo $$(( $(FUZZ_SECONDS) / $(words $(FUZZ_TARGETS)) )))

$(FB)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FB)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS) $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_LDFLAGS) \
	    -o $@ $< tests/fuzz/fuzz_util.c $(FUZZ_LIB_OBJ) $(LDLIBS)

fuzz: $(FUZZ_BINS)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FB)/corpus/$$t $(FB)/artifacts/$$t tests/fuzz/regress/$$t; \
	  echo "fuzz: $$t for $(FUZZ_EACH) s"; \
	  $(FB)/fuzz_$$t -max_total_time=$(FUZZ_EACH) -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FB)/artifacts/$$t/ $(FUZZ_FLAGS) \
	    $$( [ -f tests/fuzz/$$t.dict ] && echo -dict=tests/fuzz/$$t.dict) \
	    $(FB)/corpus/$$t tests/fuzz/corpus/$$t tests/fuzz/regress/$$t \
	    2>$(FB)/$$t.log || { tail -n 60 $(FB)/$$t.log; exit 1; }; \
	  grep -E '^(stat::|Done|#[0-9]+.*DONE)' $(FB)/$$t.log; \
	done

# Line coverage of lib/ by what the fuzzers have found so far (the corpora
# in build-fuzz/corpus and tests/fuzz), with llvm-cov: build-fuzz/cov/.
FCOV         := $(FB)/cov
FCOV_FLAGS   := -O1 -g -fprofile-instr-generate -fcoverage-mapping $(WARN)
FCOV_LIB_OBJ := $(LIB_SRC:%.c=$(FCOV)/%.o)

$(FCOV)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FCOV_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FCOV)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS) $(FCOV_LIB_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) $(FCOV_FLAGS) -fsanitize=fuzzer $(FUZZ_LDFLAGS) \
	    -o $@ $< tests/fuzz/fuzz_util.c $(FCOV_LIB_OBJ) $(LDLIBS)

fuzz-cov: $(FUZZ_TARGETS:%=$(FCOV)/fuzz_%)
	@set -e; rm -f $(FCOV)/*.profraw; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FB)/corpus/$$t; \
	  LLVM_PROFILE_FILE=$(FCOV)/$$t.profraw $(FCOV)/fuzz_$$t -runs=0 \
	    $(FB)/corpus/$$t tests/fuzz/corpus/$$t \
	    $$( [ -d tests/fuzz/regress/$$t ] && echo tests/fuzz/regress/$$t) \
	    >/dev/null 2>&1; \
	done; \
	llvm-profdata merge -o $(FCOV)/all.profdata $(FCOV)/*.profraw; \
	llvm-cov report $(FCOV)/fuzz_csv $(foreach t,$(filter-out csv,$(FUZZ_TARGETS)),-object $(FCOV)/fuzz_$(t)) \
	    -instr-profile=$(FCOV)/all.profdata $(LIB_SRC) | tee $(FCOV)/report.txt

demo: deps all
	@examples/demo.sh $(abspath $(B))

bench: all
	tests/bench/run.sh $(abspath $(B))

# The other benchmarks (each writes its tests/bench/RESULTS-*.md).
bench-sort: all
	tests/bench/sort-bench.sh $(abspath $(B))
bench-pipeline: all
	tests/bench/pipeline-bench.sh $(abspath $(B))
bench-validate: all
	tests/bench/validate-bench.sh $(abspath $(B))
bench-scale: all
	tests/bench/scale-bench.sh $(abspath $(B))
# The Python package's own peak RSS on 3 x 100 MB (not in make check).
bench-python: all
	tests/bench/python-rss.sh $(abspath $(B))
# vi-diff against the presence pipeline, DuckDB and pandas (3 x 1 GB).
bench-diff: all
	tests/bench/diff-bench.sh $(abspath $(B))
bench-plain: all
	tests/bench/plain-bench.sh $(abspath $(B))
bench-dask: all
	tests/bench/dask-bench.sh $(abspath $(B))
bench-all: bench bench-sort bench-pipeline bench-validate bench-scale bench-python bench-diff bench-plain bench-dask

lint-man:
	mandoc -Tlint -W warning $(MANS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	for m in $(MANS); do s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	install -d $(DESTDIR)$(PYTHONDIR)/viewerit_core
	install -m 644 $(PY_SRC) $(DESTDIR)$(PYTHONDIR)/viewerit_core/

uninstall:
	for t in $(notdir $(TOOLS)); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(notdir $(MANS)); do rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$$m; done
	rm -rf $(DESTDIR)$(PYTHONDIR)/viewerit_core

clean:
	rm -rf build build-asan build-fuzz

.SECONDARY:
-include $(shell find $(B) $(FB) -name '*.d' 2>/dev/null)
