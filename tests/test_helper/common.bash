# Loaded by every .bats file: built tools first on PATH, C locale, the
# bats-support/assert/file helpers from Debian's packages, fixtures dir.
bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file
: "${VI_BIN:?run through make check}"
export PATH="$VI_BIN:$PATH" LC_ALL=C
FIX="$BATS_TEST_DIRNAME/fixtures"
