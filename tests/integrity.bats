#!/usr/bin/env bats
# A failed or truncated stage is always an error downstream: the binary end
# record (count + checksum), the refusal of empty inputs, and every
# documented pipeline (the README's shell loop, examples/compare.mk,
# examples/demo.sh) with a bad key column, a producer killed half-way and a
# stream cut exactly at a record boundary.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	EX="$BATS_TEST_DIRNAME/../examples"
	cd "$W"
	printf 'id,v\n3,c\n1,a\n2,b\n5,e\n4,d\n' >a.csv
	printf 'id,v\n1,a\n2,B\n6,f\n' >b.csv
	vi-keys -b -k id a.csv | vi-sort >a.keys
	vi-keys -b -k id b.csv | vi-sort >b.keys
}

# Byte offsets where a record of binary stream $1 starts, then where its end
# record starts: "HLEN R1 R2 ... END".
boundaries() {
	python3 - "$1" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
off = struct.unpack_from("<I", b, 24)[0]
out = []
while True:
    out.append(off)
    n = struct.unpack_from("<I", b, off)[0]
    if n == 0:
        break
    off += 4 + n
print(" ".join(map(str, out)))
EOF
}

TRUNC="truncated key stream: it ends after"
HINT="without its end record; the program that wrote it probably failed or was killed"

@test "integrity: the complete stream is read by every reader" {
	run -0 --separate-stderr vi-sort --to-text a.keys
	[ "$output" = "$(vi-keys -k id a.csv | LC_ALL=C sort)" ]
	run -0 --separate-stderr vi-sort -c a.keys
	run -0 --separate-stderr vi-sort -m a.keys b.keys
	run -0 --separate-stderr vi-presence -s a.keys a.keys
	[ -z "$stderr" ]
}

@test "integrity: a stream cut at each record boundary is refused by every reader" {
	read -r -a at <<<"$(boundaries a.keys)"
	[ "${#at[@]}" -eq 6 ]      # header end, 5 records, end record
	for k in 0 1 2 3 4 5; do
		head -c "${at[$k]}" a.keys >cut
		msg="$TRUNC $k complete records (${at[$k]} bytes) $HINT"
		run -65 --separate-stderr vi-sort cut
		[ -z "$output" ]
		[ "$stderr" = "vi-sort: cut: $msg" ]
		run -65 --separate-stderr vi-sort -c cut
		[ "$stderr" = "vi-sort: cut: $msg" ]
		run -65 --separate-stderr vi-sort -m cut b.keys
		[ "$stderr" = "vi-sort: cut: $msg" ]
		run -65 --separate-stderr vi-presence -s --summary cut b.keys
		[ -z "$output" ]
		[ "$stderr" = "vi-presence: cut: $msg" ]
		run -65 --separate-stderr vi-presence --json b.keys - <cut
		[ -z "$output" ]
		[ "$stderr" = "vi-presence: -: $msg" ]
	done
}

@test "integrity: every proper prefix of a binary stream is an error, never an answer" {
	size=$(stat -c %s a.keys)
	for ((n = 0; n < size; n++)); do
		head -c "$n" a.keys >cut
		rc=0; vi-sort cut >out 2>err || rc=$?
		[ "$rc" -eq 65 ] || { echo "vi-sort: $n bytes: exit $rc"; false; }
		[ ! -s out ]
		rc=0; vi-presence -s cut b.keys >out 2>err || rc=$?
		[ "$rc" -eq 65 ] || { echo "vi-presence: $n bytes: exit $rc"; false; }
		[ ! -s out ]
		grep -Eq 'truncated|empty input|not a key stream' err
	done
}

@test "integrity: a wrong count, a wrong checksum, bytes after the end, version 1" {
	read -r -a at <<<"$(boundaries a.keys)"
	end=${at[5]}
	# The count says 6.
	python3 -c 'import sys; b = bytearray(open("a.keys", "rb").read()); b[int(sys.argv[1]) + 4] = 6; open("bad", "wb").write(b)' "$end"
	run -65 --separate-stderr vi-sort bad
	[ "$stderr" = "vi-sort: bad: damaged key stream: its end record (byte $((end + 1))) counts 6 records, the stream holds 5" ]
	# One bit of the first record's row hash flipped: the record still
	# parses, the checksum does not match.
	python3 -c 'import sys; b = bytearray(open("a.keys", "rb").read()); b[int(sys.argv[1]) + 9] ^= 1; open("bad", "wb").write(b)' "${at[0]}"
	run -65 --separate-stderr vi-presence bad b.keys
	[ "$stderr" = "vi-presence: bad: damaged key stream: the checksum in its end record (byte $((end + 1))) does not match the records" ]
	# Two streams concatenated.
	cat a.keys a.keys >bad
	run -65 --separate-stderr vi-sort -c bad
	[ "$stderr" = "vi-sort: bad: bytes after the end record at byte $(( $(stat -c %s a.keys) + 1 )) (concatenated streams? merge them with vi-sort -m)" ]
	# A version 1 stream (no end record) is refused, not misread.
	python3 -c 'b = bytearray(open("a.keys", "rb").read()); b[8] = 1; open("bad", "wb").write(b)'
	run -65 --separate-stderr vi-presence bad b.keys
	[ "$stderr" = "vi-presence: bad: binary key stream version 1 is no longer read: it has no end record, so a truncated stream cannot be told from a complete one; write it again with this vi-keys or vi-sort" ]
}

@test "integrity: a 0-byte input is an error naming the file; --allow-empty makes it a warning" {
	: >empty
	run -65 --separate-stderr vi-presence -s a.keys empty
	[ -z "$output" ]
	[ "$stderr" = "vi-presence: empty: empty input (0 bytes), not even a binary header: the program that should have written it probably failed (--allow-empty reads it as a stream without records)" ]
	run -0 --separate-stderr vi-presence --allow-empty --json empty empty
	[ "${stderr_lines[0]}" = "vi-presence: empty: warning: empty input (0 bytes), read as holding no keys" ]
	run -65 --separate-stderr vi-sort -m a.keys empty
	[ "$stderr" = "vi-sort: empty: empty input (0 bytes), not even a binary header: the program that should have written it probably failed (--allow-empty reads it as a stream without records)" ]
	# A binary stream of no records is not empty: header and end record.
	printf 'id,v\n' >h.csv
	vi-keys -b -k id h.csv | vi-sort >h.keys
	run -0 --separate-stderr vi-presence --json a.keys h.keys
	[ -z "$stderr" ]
}

@test "integrity: the README loop under /bin/sh, bad key column: an error, never a summary" {
	run --separate-stderr sh -c '
		for f in a b; do vi-keys -b -k idd $f.csv | vi-sort > $f.keys & done; wait
		vi-presence -s --summary a.keys b.keys'
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[[ "$stderr" == *"vi-keys: a.csv: -k: no such column: idd (columns, closest first: id, v)"* ]]
	[[ "$stderr" == *"vi-sort: -: empty input (0 bytes)"* ]]
	[[ "$stderr" == *"vi-presence: a.keys: empty input (0 bytes)"* ]]
}

@test "integrity: the README loop with vi-keys -s under /bin/sh: a bad column or a bad row is an error, never a summary" {
	run --separate-stderr sh -c '
		for f in a b; do vi-keys -b -s -S 256M -k idd $f.csv > $f.keys & done; wait
		vi-presence -s --summary a.keys b.keys'
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[[ "$stderr" == *"vi-keys: a.csv: -k: no such column: idd (columns, closest first: id, v)"* ]]
	[[ "$stderr" == *"vi-presence: a.keys: empty input (0 bytes)"* ]]
	# A malformed row after thousands of good ones: nothing is written.
	python3 -c 'print("id,v"); [print(f"{i},x{i}") for i in range(3000)]; print("3000,\"x")' >bad.csv
	run --separate-stderr sh -c '
		for f in a bad; do vi-keys -b -s -S 16K -k id $f.csv > $f.keys & done; wait
		vi-presence -s --summary a.keys bad.keys'
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[[ "$stderr" == *"vi-keys: bad.csv:3002:"* ]]
	[[ "$stderr" == *"vi-presence: bad.keys: empty input (0 bytes)"* ]]
}

@test "integrity: a producer killed half-way: vi-sort refuses the stream, vi-presence the empty result" {
	python3 -c 'print("id,v"); [print(f"{i},x{i}") for i in range(3000)]' >big.csv
	run --separate-stderr sh -c '
		( sh -c "vi-keys -b -k id big.csv | head -c 20000; kill -KILL \$\$" ) | vi-sort > big.keys
		echo "sort=$?"
		vi-presence -s --summary big.keys a.keys'
	[ "$status" -eq 65 ]
	[ "$output" = "sort=65" ]
	# (the shell may report "Killed" first)
	[[ "$stderr" == *"vi-sort: -: $TRUNC "*" complete records (20000 bytes) $HINT"* ]]
	[ "${stderr_lines[-1]}" = "vi-presence: big.keys: empty input (0 bytes), not even a binary header: the program that should have written it probably failed (--allow-empty reads it as a stream without records)" ]
}

@test "integrity: examples/compare.mk with a bad key column fails and leaves no summary" {
	cd "$BATS_TEST_DIRNAME/.."
	run --separate-stderr make -s -j2 -f examples/compare.mk BIN="$VI_BIN" OUT="$W/out" KEY=regio
	[ "$status" -ne 0 ]
	[[ "$stderr" == *": -k: no such column: regio (columns, closest first: region, "* ]]
	run ls "$W/out"
	[ -z "$output" ]
}

@test "integrity: examples/compare.mk with a producer cut short fails (pipefail and the end record)" {
	mkdir bin
	for t in vi-sort vi-presence; do ln -s "$VI_BIN/$t" bin/$t; done
	# A vi-keys that dies after writing part of its stream.
	printf '#!/bin/sh\n"%s/vi-keys" "$@" | head -c 300\nkill -KILL $$\n' "$VI_BIN" >bin/vi-keys
	chmod +x bin/vi-keys
	cd "$BATS_TEST_DIRNAME/.."
	run --separate-stderr make -s -j2 -f examples/compare.mk BIN="$W/bin" OUT="$W/out"
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"$TRUNC"* ]]
	run ls "$W/out"
	[ -z "$output" ]
}

@test "integrity: examples/demo.sh stops when a key job fails" {
	mkdir bin
	for t in vi-head vi-stats vi-sort vi-presence; do ln -s "$VI_BIN/$t" bin/$t; done
	printf '#!/bin/sh\n"%s/vi-keys" "$@" | head -c 300\nkill -KILL $$\n' "$VI_BIN" >bin/vi-keys
	chmod +x bin/vi-keys
	run --separate-stderr "$EX/demo.sh" "$W/bin"
	[ "$status" -ne 0 ]
	[[ "$output" != *"vi-presence --summary"* ]]
	[[ "$stderr" == *"$TRUNC"* ]]
	[[ "$stderr" == *"demo: a key job failed"* ]]
}

# The README's Python example, as printed there: the python block that
# defines compare() (the README has other python blocks).
readme_python() {
	awk '/^```python$/ { inb = 1; b = ""; next }
	     inb && /^```$/ { inb = 0; if (index(b, "\ndef compare(")) printf "%s", b; next }
	     inb { b = b $0 "\n" }' "$BATS_TEST_DIRNAME/../README.md"
}

@test "integrity: the README's Python compare() raises on a bad key column and on a killed producer" {
	readme_python >readme.py
	grep -q '^def compare' readme.py
	cat >run.py <<'PY'
import sys
sys.path.insert(0, ".")
from readme import compare
try:
    r = compare(["a.csv", "b.csv"], sys.argv[1])
except Exception as e:
    print("raised", type(e).__name__)
    sys.exit(3)
print("keys", r["keys"])
PY
	run -0 --separate-stderr /usr/bin/python3 run.py id
	[ "$output" = "keys 6" ]
	run -3 --separate-stderr /usr/bin/python3 run.py idd
	[ "$output" = "raised CalledProcessError" ]
	[[ "$stderr" == *"vi-keys: a.csv: -k: no such column: idd"* ]]
	# A vi-keys that dies half-way: vi-sort refuses the cut stream.
	mkdir bin
	printf '#!/bin/sh\n"%s/vi-keys" "$@" | head -c 100\nkill -KILL $$\n' "$VI_BIN" >bin/vi-keys
	chmod +x bin/vi-keys
	PATH="$PWD/bin:$PATH" run -3 --separate-stderr /usr/bin/python3 run.py id
	[ "$output" = "raised CalledProcessError" ]
	[[ "$stderr" == *"$TRUNC"* ]]
}
