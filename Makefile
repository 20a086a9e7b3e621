# ViewerIt core: build, test, install.  GNU Make.
#
#   make            build every cmd/vi-*.c against lib/libvi.a
#   make check      build and run the whole test suite (bats + C unit tests)
#   make check-asan rebuild with ASan+UBSan into build-asan/ and run the same suite
#   make torture    the full fault-injection sweep (tests/fault/sweep.sh -f)
#   make demo       install what is missing, build, run the main job on examples/
#   make bench      benchmarks against peer tools (slow; see tests/bench/)
#   make install    PREFIX=/usr/local DESTDIR=

VERSION  := 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
B        ?= build

CC       ?= cc
CFLAGS   ?= -O2 -g
# Language and warnings in their own variable: every build, the sanitizer
# build too (which sets CFLAGS on the command line), compiles with them.
WARN     := -std=c11 -Wall -Wextra -Werror -pthread
override CFLAGS += $(WARN)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DVI_VERSION='"$(VERSION)"' -Ilib -MMD -MP
LDLIBS   += -lcsv -lxxhash -ljansson -lm -pthread

LIB_SRC  := $(sort $(wildcard lib/*.c))
CMD_SRC  := $(sort $(wildcard cmd/vi-*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
TOOLS    := $(CMD_SRC:cmd/%.c=$(B)/%)
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)
MANS     := $(sort $(wildcard man/*.[1-9]))

.PHONY: all check check-unit check-bats check-asan torture demo deps bench bench-sort bench-pipeline bench-validate bench-all install uninstall clean lint-man
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

# Debian packages the build, the tests and the demo need.
DEB_PKGS := gcc make libcsv-dev libxxhash-dev libjansson-dev bats bats-assert bats-support bats-file python3 mandoc
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
check: deps all $(UNITS) $(B)/libfault.so
	@VI_ASAN=$(VI_ASAN) VI_BIN=$(abspath $(B)) UNIT_BIN=$(abspath $(B)/unit) tests/run-tests

# The full fault-injection sweep (every N of every call class, also in
# persistent mode): minutes; see tests/fuzz/README.md "Fault injection".
torture: all $(B)/libfault.so
	tests/fault/sweep.sh -f $(B) $(B)/torture

check-asan:
	$(MAKE) B=build-asan CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' LDFLAGS='-fsanitize=address,undefined' VI_ASAN=1 check

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
bench-all: bench bench-sort bench-pipeline bench-validate

lint-man:
	mandoc -Tlint -W warning $(MANS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	for m in $(MANS); do s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done

uninstall:
	for t in $(notdir $(TOOLS)); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(notdir $(MANS)); do rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$$m; done

clean:
	rm -rf build build-asan

.SECONDARY:
-include $(shell find $(B) -name '*.d' 2>/dev/null)
