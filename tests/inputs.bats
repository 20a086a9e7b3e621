#!/usr/bin/env bats
# Inputs (issue 12 section 1): gzip and zstd read directly by every tool
# that reads CSV, --encoding, --progress.  Exact outputs, stdout and stderr
# checked separately; the plain UTF-8 file's results are the reference.

load test_helper/common

EX="$BATS_TEST_DIRNAME/../examples"

setup_file() {
	local d="$BATS_FILE_TMPDIR"
	for f in crm billing warehouse; do
		cp "$EX/extract_$f.csv" "$d/$f.csv"
		gzip -c "$d/$f.csv" > "$d/$f.csv.gz"
		zstd -q -c "$d/$f.csv" > "$d/$f.csv.zst"
	done
	# Larger than the reader's 1 MiB buffer and zlib's/zstd's blocks,
	# with quoted newlines and CRLF across every boundary.
	python3 - "$d/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w", newline="") as f:
    f.write("id,name,amount,note\r\n")
    for i in range(60000):
        note = '"line one\nline ""two"""' if i % 7 == 0 else "plain"
        f.write("%d,Name %d,%d.%02d,%s\r\n" % (i, i % 997, i, i % 100, note))
PY
	gzip -c "$d/big.csv" > "$d/big.csv.gz"
	zstd -q -c "$d/big.csv" > "$d/big.csv.zst"
	vi-stats --schema "$d/crm.csv" > "$d/crm.schema.json"
	vi-stats --schema "$d/big.csv" > "$d/big.schema.json"
}

D() { echo "$BATS_FILE_TMPDIR"; }

@test "compressed: vi-stats, vi-keys and vi-validate give the plain file's output, byte for byte (gzip, zstd, files and stdin)" {
	local d; d=$(D)
	for f in crm billing warehouse big; do
		for z in gz zst; do
			for fmt in table json csv; do
				vi-stats -f "$fmt" - < "$d/$f.csv" > "$d/want"
				vi-stats -f "$fmt" - < "$d/$f.csv.$z" > "$d/got"
				cmp "$d/want" "$d/got"
				vi-stats -f "$fmt" "$d/$f.csv.$z" | sed "s|$d/$f.csv.$z|$d/$f.csv|" > "$d/got"
				vi-stats -f "$fmt" "$d/$f.csv" > "$d/want"
				cmp "$d/want" "$d/got"
			done
			vi-keys -k region,date,id - < "$d/$f.csv" > "$d/want" || vi-keys -k 1 - < "$d/$f.csv" > "$d/want"
			vi-keys -k region,date,id "$d/$f.csv.$z" > "$d/got" || vi-keys -k 1 "$d/$f.csv.$z" > "$d/got"
			cmp "$d/want" "$d/got"
			vi-keys -b --label x -k 1 - < "$d/$f.csv" > "$d/want"
			vi-keys -b --label x -k 1 - < "$d/$f.csv.$z" > "$d/got"
			cmp "$d/want" "$d/got"
		done
	done
	for z in gz zst; do
		run --separate-stderr vi-validate --schema "$d/crm.schema.json" "$d/crm.csv.$z"
		assert_success
		assert_equal "$stderr" ""
		assert_equal "$output" "$(cat "$d/crm.csv")"
		vi-validate --schema "$d/crm.schema.json" - < "$d/crm.csv.$z" | cmp - "$d/crm.csv"
	done
}

@test "compressed: the threaded scan falls back to one thread, same answer (-j 2 on a file of several blocks)" {
	local d; d=$(D)
	vi-stats -j 1 --block-size 64K -f json - < "$d/big.csv" > "$d/want"
	for z in gz zst; do
		vi-stats -j 2 --block-size 64K -f json - < "$d/big.csv.$z" > "$d/got"
		cmp "$d/want" "$d/got"
		vi-keys -j 2 --block-size 64K -k id "$d/big.csv.$z" | cmp - <(vi-keys -j 1 -k id "$d/big.csv")
	done
}

@test "compressed: concatenated gzip members and zstd frames are one input" {
	local d; d=$(D)
	cat "$d/crm.csv" "$d/billing.csv" > "$d/cat.csv"
	cat "$d/crm.csv.gz" "$d/billing.csv.gz" > "$d/cat.gz"
	cat "$d/crm.csv.zst" "$d/billing.csv.zst" > "$d/cat.zst"
	vi-stats -H -f json - < "$d/cat.csv" > "$d/want"
	for z in gz zst; do
		vi-stats -H -f json - < "$d/cat.$z" | cmp - "$d/want"
	done
}

@test "compressed: a truncated file is 65 with the compressed size, nothing on stdout (every tool)" {
	local d; d=$(D)
	head -c 20000 "$d/big.csv.gz" > "$d/t.gz"
	head -c 20000 "$d/big.csv.zst" > "$d/t.zst"
	for z in gz zst; do
		case $z in gz) what="gzip data truncated: the compressed input ends at byte 20000 inside a member";;
		zst) what="zstd data truncated: the compressed input ends at byte 20000 inside a frame";; esac
		run --separate-stderr vi-stats "$d/t.$z"
		assert_equal "$status" 65
		assert_equal "$output" ""
		assert_equal "$stderr" "vi-stats: $d/t.$z: $what"
		run --separate-stderr vi-stats - < "$d/t.$z"
		assert_equal "$status" 65
		assert_equal "$stderr" "vi-stats: -: $what"
		run --separate-stderr vi-keys -b -k id "$d/t.$z"
		assert_equal "$status" 65
		assert_equal "$stderr" "vi-keys: $d/t.$z: $what"
		run --separate-stderr vi-validate --schema "$d/big.schema.json" "$d/t.$z"
		assert_equal "$status" 65
		assert_equal "$stderr" "vi-validate: $d/t.$z: $what"
	done
	# Cut inside the gzip header and right after the magic bytes.
	head -c 2 "$d/crm.csv.gz" > "$d/t2.gz"
	run --separate-stderr vi-stats "$d/t2.gz"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $d/t2.gz: gzip data truncated: the compressed input ends at byte 2 inside a member"
	head -c 4 "$d/crm.csv.zst" > "$d/t4.zst"
	run --separate-stderr vi-stats "$d/t4.zst"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $d/t4.zst: zstd data truncated: the compressed input ends at byte 4 inside a frame"
}

@test "compressed: a corrupt file is 65 with the offset in the compressed file, even where the damage parses as CSV" {
	local d; d=$(D)
	# A flipped byte in the deflate data: garbage that the CSV reader may
	# reject first; the checksum is the error reported.
	python3 -c 'import sys
for src, dst, at in ((sys.argv[1], sys.argv[2], 100), (sys.argv[3], sys.argv[4], 100)):
    b = bytearray(open(src, "rb").read()); b[at] ^= 0xFF; open(dst, "wb").write(b)' \
	    "$d/crm.csv.gz" "$d/bad.gz" "$d/crm.csv.zst" "$d/bad.zst"
	for opt in --quote=\" --lenient; do
		run --separate-stderr vi-stats "$opt" "$d/bad.gz"
		assert_equal "$status" 65
		assert_equal "$output" ""
		assert_regex "$stderr" "^vi-stats: $d/bad.gz: gzip data corrupt at byte [0-9]+ of the compressed input: [a-z ]+\$"
		run --separate-stderr vi-stats "$opt" "$d/bad.zst"
		assert_equal "$status" 65
		assert_equal "$output" ""
		assert_equal "$stderr" "vi-stats: $d/bad.zst: zstd data corrupt at byte $(stat -c %s "$d/bad.zst") of the compressed input: Restored data doesn't match checksum"
	done
	# Damage in the gzip trailer's CRC: every byte decompresses.
	python3 -c 'import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[-6] ^= 1; open(sys.argv[2], "wb").write(b)' "$d/crm.csv.gz" "$d/crc.gz"
	run --separate-stderr vi-stats "$d/crc.gz"
	assert_equal "$status" 65
	assert_equal "$output" ""
	assert_equal "$stderr" "vi-stats: $d/crc.gz: gzip data corrupt at byte $(( $(stat -c %s "$d/crc.gz") - 4 )) of the compressed input: incorrect data check"
	# Bytes after the last member that are not a member.
	{ cat "$d/crm.csv.gz"; printf 'garbage'; } > "$d/trail.gz"
	run --separate-stderr vi-stats "$d/trail.gz"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $d/trail.gz: gzip data corrupt at byte $(( $(stat -c %s "$d/crm.csv.gz") + 1 )) of the compressed input: not a gzip member after the end of the previous one"
	{ cat "$d/crm.csv.zst"; printf 'garbage'; } > "$d/trail.zst"
	run --separate-stderr vi-keys -k id "$d/trail.zst"
	assert_equal "$status" 65
	assert_regex "$stderr" "^vi-keys: $d/trail.zst: zstd data corrupt at byte [0-9]+ of the compressed input: "
}

@test "compressed: CSV errors are at positions in the decompressed CSV" {
	local d; d=$(D)
	printf 'a,b\n1,2\n3\n' | gzip > "$d/rag.gz"
	run --separate-stderr vi-stats "$d/rag.gz"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $d/rag.gz:3:9: expected 2 fields, found 1"
}

@test "compressed: vi-validate writes decompressed rows; malformed rows cannot be copied to --rejects" {
	local d; d=$(D)
	printf 'region,date,id,customer,amount,status,note\nEU,2024-03-04,1003,C,1.5,paid,\nbad"row\n' > "$d/m.csv"
	gzip -c "$d/m.csv" > "$d/m.csv.gz"
	run --separate-stderr vi-validate --schema "$d/crm.schema.json" --rejects "$d/rej.csv" "$d/m.csv.gz"
	assert_equal "$status" 1
	assert_equal "$output" "$(head -2 "$d/m.csv")"
	assert_equal "$(cat "$d/rej.csv")" "$(head -1 "$d/m.csv")"
	assert_equal "${stderr_lines[0]}" "vi-validate: $d/m.csv.gz:3:78: quote character in an unquoted field"
	assert_equal "${stderr_lines[-1]}" "vi-validate: $d/m.csv.gz: 1 malformed rows could not be copied to the rejects (the input is not a regular file read as it is: a pipe, a compressed file or --encoding)"
}
