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

# The UTF-8 reference and its copies in other encodings.
enc_setup() {
	local d; d=$(D)
	printf 'name,city,n\nRégion,Zürich,1\n"Ça, va",Genève,2\nÉté,"Bâle\nnord",3\n' > "$d/u8.csv"
	iconv -f UTF-8 -t LATIN1 "$d/u8.csv" > "$d/latin1.csv"
	printf 'name,city,n\nRégion,Zürich,1\n"Ça, va",Genève,2\n"€uro",‘q’,3\n' > "$d/w8.csv"
	iconv -f UTF-8 -t CP1252 "$d/w8.csv" > "$d/cp1252.csv"
	iconv -f UTF-8 -t UTF-16LE "$d/u8.csv" > "$d/u16le.csv"
	iconv -f UTF-8 -t UTF-16BE "$d/u8.csv" > "$d/u16be.csv"
	{ printf '\xff\xfe'; cat "$d/u16le.csv"; } > "$d/u16le-bom.csv"
	{ printf '\xfe\xff'; cat "$d/u16be.csv"; } > "$d/u16be-bom.csv"
}

# vi-stats JSON without the two keys that name the file and count its bytes.
stats_nobytes() {
	vi-stats -f json "$@" | python3 -c 'import json,sys
o=json.loads(sys.stdin.readline()); del o["file"], o["bytes"]; print(json.dumps(o))'
}

@test "--encoding: latin1, cp1252, utf-16 LE/BE with and without BOM give the UTF-8 file's results (vi-stats, vi-keys, vi-validate)" {
	local d; d=$(D)
	enc_setup
	for pair in latin1:latin1:u8 cp1252:cp1252:w8 u16le:utf-16:u8 u16be:utf-16:u8 \
	    u16le-bom:utf-16:u8 u16be-bom:utf-16:u8 u16le:UTF-16LE:u8 u16be:utf16be:u8; do
		IFS=: read -r f enc ref <<<"$pair"
		stats_nobytes "$d/$ref.csv" > "$d/want"
		stats_nobytes --encoding "$enc" "$d/$f.csv" > "$d/got"
		cmp "$d/want" "$d/got"
		stats_nobytes --encoding "$enc" - < "$d/$f.csv" | cmp - "$d/want"
		vi-keys -k city,name "$d/$ref.csv" > "$d/want"
		vi-keys --encoding "$enc" -k city,name "$d/$f.csv" | cmp - "$d/want"
		vi-stats --schema "$d/$ref.csv" > "$d/s.json"
		run --separate-stderr vi-validate --encoding "$enc" --schema "$d/s.json" "$d/$f.csv"
		assert_success
		assert_equal "$stderr" ""
		assert_equal "$output" "$(cat "$d/$ref.csv")"
	done
	# Compressed and transcoded.
	gzip -c "$d/u16le-bom.csv" > "$d/u16.csv.gz"
	stats_nobytes "$d/u8.csv" > "$d/want"
	stats_nobytes --encoding utf-16 "$d/u16.csv.gz" | cmp - "$d/want"
}

@test "--encoding: bytes is the source's size; positions are source bytes (latin1, utf-16 with BOM)" {
	local d; d=$(D)
	enc_setup
	run vi-stats -f json --encoding latin1 "$d/latin1.csv"
	assert_output --partial "\"bytes\":$(stat -c %s "$d/latin1.csv"),"
	run vi-stats -f json --encoding utf-16 "$d/u16le-bom.csv"
	assert_output --partial "\"bytes\":$(stat -c %s "$d/u16le-bom.csv"),"
	# A ragged row after multibyte characters: line 3 starts at byte 25 of
	# the Latin-1 file (27 in UTF-8), 51 of the UTF-16 file with its BOM.
	printf 'name,city\nRégion,Zürich\nÇa va\n' > "$d/r8.csv"
	iconv -f UTF-8 -t LATIN1 "$d/r8.csv" > "$d/r1.csv"
	{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$d/r8.csv"; } > "$d/r16.csv"
	run --separate-stderr vi-stats "$d/r8.csv"
	assert_equal "$stderr" "vi-stats: $d/r8.csv:3:27: expected 2 fields, found 1"
	run --separate-stderr vi-stats --encoding latin1 "$d/r1.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $d/r1.csv:3:25: expected 2 fields, found 1"
	run --separate-stderr vi-stats --encoding utf-16 "$d/r16.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $d/r16.csv:3:51: expected 2 fields, found 1"
	# Lenient: a reject's position, and a parse error inside a line.
	run --separate-stderr vi-stats -f json --lenient --encoding utf-16 - < <(printf 'a,b\n\xc3\xa9,"x\n' | iconv -f UTF-8 -t UTF-16)
	assert_success
	assert_output --partial '"rejects":[{"line":2,"byte":15,"reason":"unterminated quoted field"}]'
	run --separate-stderr vi-stats --encoding utf-16le - < <(printf 'a,b\n1,"x"y\n' | iconv -f UTF-8 -t UTF-16LE)
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: -:2:19: unexpected character after a closing quote"
}

@test "--encoding: invalid bytes are 65 at their source byte and line; an unknown name is 64" {
	local d; d=$(D)
	printf 'a,b\n1,2\n3,\x81x\n' > "$d/c.csv"
	run --separate-stderr vi-stats --encoding cp1252 "$d/c.csv"
	assert_equal "$status" 65
	assert_equal "$output" ""
	assert_equal "$stderr" "vi-stats: $d/c.csv:3:11: invalid byte sequence in cp1252"
	printf 'a,b\n1,2\n' | iconv -f UTF-8 -t UTF-16LE | head -c 15 > "$d/odd.csv"
	run --separate-stderr vi-keys --encoding utf-16le "$d/odd.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-keys: $d/odd.csv:2:15: incomplete character at the end of the input in utf-16le"
	for t in vi-stats vi-keys "vi-validate --schema $d/crm.schema.json"; do
		run --separate-stderr $t --encoding klingon "$d/crm.csv"
		assert_equal "$status" 64
		assert_equal "$output" ""
		assert_equal "${stderr_lines[0]}" "${t%% *}: --encoding: unknown encoding: klingon (iconv -l lists them)"
		assert_equal "${stderr_lines[1]%% *}" "usage:"
	done
}

@test "without --encoding: a UTF-16 BOM names --encoding utf-16; Latin-1 and CP1252 bytes are named in the warning" {
	local d; d=$(D)
	enc_setup
	run --separate-stderr vi-stats "$d/u16le-bom.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $d/u16le-bom.csv:1:1: UTF-16LE byte order mark: the input is not UTF-8; read it with --encoding utf-16"
	run --separate-stderr vi-stats "$d/u16le.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $d/u16le.csv:1:2: NUL bytes between characters: the input looks like UTF-16LE without a byte order mark; read it with --encoding utf-16le"
	run --separate-stderr vi-stats "$d/latin1.csv"
	assert_success
	assert_equal "$stderr" "vi-stats: $d/latin1.csv:2:14: warning: 7 invalid UTF-8 sequences (first here); the bytes look like Latin-1: read the file with --encoding latin1"
	run --separate-stderr vi-keys -k name "$d/cp1252.csv"
	assert_success
	assert_equal "$stderr" "vi-keys: $d/cp1252.csv:2:14: warning: 7 invalid UTF-8 sequences (first here); the bytes look like CP1252: read the file with --encoding cp1252"
	printf 'a,b\n1,\x81\n' > "$d/x.csv"
	run --separate-stderr vi-stats "$d/x.csv"
	assert_success
	assert_equal "$stderr" "vi-stats: $d/x.csv:2:7: warning: 1 invalid UTF-8 sequence (here); if you know the file's encoding, read it with --encoding NAME"
}

# The final state --progress leaves in a log: the last draw, then the erase.
# $1 tool, $2 name, $3 bytes of total ("" for a pipe), $4 rows.
final_re() {
	local esc=$'\033' cr=$'\r' rate='[0-9]+(\.[0-9])? (B|KiB|MiB|GiB)/s'
	if [ -n "$3" ]; then
		printf '%s' "${cr}$1: $2: $3 of $3 \(100%\), $4 rows, $rate, ETA 0:00${esc}\[K${cr}${esc}\[K\$"
	else
		printf '%s' "${cr}$1: $2: [0-9.]+ (B|KiB|MiB), $4 rows, $rate${esc}\[K${cr}${esc}\[K\$"
	fi
}

@test "--progress: the final state (bytes of the size, 100 %, rows, rate, ETA) is drawn then erased; stdout unchanged" {
	local d; d=$(D)
	run --separate-stderr vi-stats --progress "$d/crm.csv"
	assert_success
	assert_equal "$output" "$(vi-stats "$d/crm.csv")"
	assert_regex "$stderr" "$(final_re vi-stats "$d/crm.csv" "1.4 KiB" 26)"
	# Nothing but progress lines and erases.
	assert_equal "$(printf '%s' "$stderr" | tr '\r' '\n' | grep -cv '^vi-stats: .* rows, .*/s\|^.\[K\|^$')" 0
	run --separate-stderr vi-keys --progress -k id "$d/big.csv"
	assert_success
	assert_regex "$stderr" "$(final_re vi-keys "$d/big.csv" "1.9 MiB" 60000)"
	run --separate-stderr vi-validate --progress --schema "$d/crm.schema.json" "$d/crm.csv"
	assert_success
	# vi-validate reads the header as a record of its own.
	assert_regex "$stderr" "$(final_re vi-validate "$d/crm.csv" "1.4 KiB" 27)"
	# A compressed file counts its compressed bytes; a pipe has no size.
	run --separate-stderr vi-stats --progress "$d/crm.csv.gz"
	assert_regex "$stderr" "$(final_re vi-stats "$d/crm.csv.gz" "$(stat -c %s "$d/crm.csv.gz") B" 26)"
	run --separate-stderr bash -c 'cat "$1" | vi-stats --progress' _ "$d/big.csv"
	assert_success
	assert_regex "$stderr" "$(final_re vi-stats - "" 60000)"
	# The threaded scan counts every part once.
	run --separate-stderr vi-stats -j 2 --block-size 64K --progress "$d/big.csv"
	assert_regex "$stderr" "$(final_re vi-stats "$d/big.csv" "1.9 MiB" 60000)"
	# Two files: two final states.
	run --separate-stderr vi-stats --progress "$d/crm.csv" "$d/billing.csv"
	assert_success
	assert_equal "$(printf '%s' "$stderr" | grep -o '(100%), [0-9]* rows' | tr '\n' ' ')" "(100%), 26 rows (100%), 27 rows "
}

@test "--progress: an error is printed on a clean line" {
	local d; d=$(D)
	printf 'a,b\n1,2\n3\n' > "$d/rag.csv"
	run --separate-stderr vi-stats --progress "$d/rag.csv"
	assert_equal "$status" 65
	assert_regex "$stderr" $'\r\033\\[Kvi-stats: '"$d/rag.csv:3:9: expected 2 fields, found 1\$"
}

@test "progress: never without --progress when stderr is not a terminal (every CSV tool)" {
	local d; d=$(D)
	run --separate-stderr vi-stats "$d/big.csv"
	assert_equal "$stderr" ""
	run --separate-stderr vi-keys -k id "$d/big.csv.gz"
	assert_equal "$stderr" ""
	run --separate-stderr vi-validate --schema "$d/big.schema.json" "$d/big.csv"
	assert_equal "$stderr" ""
}

@test "progress: shown on a terminal (script(1) pseudo-terminal) and erased; not when stderr is redirected there" {
	command -v script >/dev/null || skip "script(1) is missing (Debian bsdutils)"
	local d; d=$(D)
	script -qfec "vi-stats $d/big.csv > $d/out" /dev/null > "$d/tty"
	cmp "$d/out" <(vi-stats "$d/big.csv")
	run cat -v "$d/tty"
	assert_output --regexp "^\^Mvi-stats: $d/big.csv: [0-9.]+ (B|KiB|MiB) of 1.9 MiB \([0-9]+%\), [0-9]+ rows, .*/s, ETA [0-9]+:[0-9][0-9]\^\[\[K(.*\^\[\[K)?\^M\^\[\[K\$"
	script -qfec "vi-stats $d/big.csv > $d/out 2> $d/err" /dev/null > "$d/tty"
	[ ! -s "$d/err" ]
	[ ! -s "$d/tty" ]
}
