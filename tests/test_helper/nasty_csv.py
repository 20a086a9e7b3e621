"""Write CSV files malformed in the ways real exports are.

usage: nasty_csv.py SEED COUNT DIR

Writes DIR/nK.csv for K in 0..COUNT-1, deterministic for a seed: fields
plain, empty, with spaces and tabs at their edges, NUL bytes, valid and
invalid UTF-8, quoted with delimiters, quotes and newlines inside; stray
quotes, text after a closing quote, unterminated quotes; ragged rows; blank
lines; LF, CRLF and lone CR line endings mixed; a BOM; the last record with
or without a line ending.  The delimiter of file K is ',' (K % 4 == 0 or 1),
';' (2) or TAB (3).  Bad things are rare enough that a strict reader gets
some way into most files.  Also DIR/big0.csv (about 2.5 MB, records across
the reader's 1 MiB buffer boundaries) and DIR/big1.csv (a 1.5 MB unquoted
field, then ordinary records).
"""
import os
import random
import sys

PLAIN = [b"a", b"xyz", b"42", b"-3.5", b"1e3", b"", b"", b" lead",
         b"trail ", b"\tt", b" ", b"2024-01-02", b"true", b"NA",
         "é€".encode(), b"\xff", b"\xc3", b"\xe2\x82", b"\x00", b"a\x00b",
         b"0042", b"x y z"]
QUOTED_OK = [b'"a,b"', b'"x\ny"', b'"q""q"', b'""', b'"\r\n"', b'" sp "',
             b'"a;b\tc"', b'"\xc3\xa9"']
QUOTED_BAD = [b'"open', b'a"b', b'"a"b', b'"a" ', b'x""']
EOLS = [b"\n", b"\r\n", b"\r"]
DELIMS = [b",", b",", b";", b"\t"]


def field(r, bad):
    k = r.random()
    if bad and k < 0.03:
        return r.choice(QUOTED_BAD)
    if k < 0.12:
        return r.choice(QUOTED_OK)
    return r.choice(PLAIN)


def one(r, k):
    delim = DELIMS[k % 4]
    ncols = r.randint(1, 5)
    bad = r.random() < 0.5
    eol_mode = r.randint(0, 3)   # 0-2 one ending, 3 mixed
    out = bytearray()
    if r.random() < 0.15:
        out += b"\xef\xbb\xbf"
    nrows = r.randint(0, 30)
    for i in range(nrows + 1):
        n = ncols
        if bad and r.random() < 0.05:
            n = max(1, ncols + r.choice([-1, 1]))
        out += delim.join(field(r, bad) for _ in range(n))
        eol = EOLS[eol_mode] if eol_mode < 3 else r.choice(EOLS)
        if i == nrows and r.random() < 0.3:
            eol = b""
        out += eol
        if r.random() < 0.05:
            out += r.choice(EOLS)
    return bytes(out)


def big0(r):
    out = bytearray(b"id,name,v\n")
    i = 0
    while len(out) < 2_500_000:
        i += 1
        name = b"n" * r.randint(0, 300)
        if r.random() < 0.01:
            name = b'"multi\nline, quoted"'
        out += b"%d,%s,%d%s" % (i, name, r.randint(0, 99),
                                r.choice(EOLS[:2]))
    return bytes(out)


def big1(r):
    out = bytearray(b"id,v\n1,")
    out += b"w" * 1_500_000
    out += b"\n"
    for i in range(2, 2000):
        out += b"%d,%d\n" % (i, r.randint(0, 9))
    return bytes(out)


def main():
    seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    r = random.Random(seed)
    for k in range(count):
        with open(os.path.join(outdir, "n%d.csv" % k), "wb") as f:
            f.write(one(r, k))
    with open(os.path.join(outdir, "big0.csv"), "wb") as f:
        f.write(big0(r))
    with open(os.path.join(outdir, "big1.csv"), "wb") as f:
        f.write(big1(r))


if __name__ == "__main__":
    main()
