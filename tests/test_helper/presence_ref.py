#!/usr/bin/env python3
"""A straightforward reference for vi-presence, for the differential test.

usage: presence_ref.py DIR SEED NFILES

Generates NFILES random text key streams DIR/f1.keys ... (two key fields
drawn from awkward bytes: TAB, backslash, "\\t" literally, comma, quote, CR,
LF, control and non-ASCII bytes, empty fields; duplicates; rows whose hash
differs between files), sorted bytewise, and writes what vi-presence must
print, computed here with sets and Counters, to:
  DIR/expect.summary.csv   vi-presence f1.keys ... (CSV summary)
  DIR/expect.matrix.csv    vi-presence --matrix --counts --rows
  DIR/expect.missing.csv   vi-presence --missing
  DIR/expect.changed.csv   vi-presence --changed
  DIR/expect.summary.json  the facts the JSON summary must state
"""
import csv
import io
import json
import os
import random
import sys
from collections import Counter, defaultdict


from keyesc import escape  # noqa: E402


def csv_line(fields):
    """One CSV line as Python's csv module writes it (QUOTE_MINIMAL, with
    CR and LF quoted), ended by LF."""
    s = io.StringIO()
    csv.writer(s, lineterminator="\r\n").writerow(
        [f.decode("utf-8", "surrogateescape") if isinstance(f, bytes)
         else f for f in fields])
    return s.getvalue()[:-2].encode("utf-8", "surrogateescape") + b"\n"


def main():
    d, seed, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    pieces = [b"a", b"b", b"", b",", b'"', b"\t", b"\\", b"\\t", b"\n",
              b"\r", "\u00e9".encode(), b"\x01", b" ", b"z9", b"\xff", b"0"]
    universe = set()
    while len(universe) < 300:
        f1 = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 2)))
        f2 = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 2)))
        universe.add((f1, f2))
    universe = sorted(universe)
    base = {k: rnd.getrandbits(64) for k in universe}
    labels = ["f%d" % (i + 1) for i in range(n)]
    counts = [Counter() for _ in range(n)]
    hashes = defaultdict(set)       # (file, key) -> set of row hashes
    rows = [defaultdict(list) for _ in range(n)]
    for i in range(n):
        recs = []
        for k in universe:
            if rnd.random() < 0.55:
                continue
            for _ in range(1 if rnd.random() < 0.9 else rnd.randint(2, 3)):
                h = base[k] if rnd.random() < 0.93 else rnd.getrandbits(64)
                recs.append((k, h))
        order = list(range(1, len(recs) + 1))
        rnd.shuffle(order)
        lines = []
        for (k, h), row in zip(recs, order):
            counts[i][k] += 1
            hashes[i, k].add(h)
            rows[i][k].append(row)
            lines.append(escape(k[0]) + b"\t" + escape(k[1]) + b"\t" +
                         b"%016x:%d" % (h, row))
        lines.sort()
        with open(os.path.join(d, labels[i] + ".keys"), "wb") as f:
            f.write(b"".join(l + b"\n" for l in lines))

    keys = set()
    for c in counts:
        keys |= set(c)
    where = {k: tuple(i for i in range(n) if counts[i][k]) for k in keys}
    # Changed: the files that hold the key disagree on its set of distinct
    # row hashes (how often a row repeats is the duplicates' business).
    changed = {k for k in keys if len(where[k]) >= 2 and
               any(hashes[i, k] != hashes[where[k][0], k] for i in where[k])}
    regions = Counter(where.values())
    order = sorted(regions, key=lambda s: (len(s), s))
    everyone = tuple(range(n))
    alllab = ";".join(labels)

    out = [b"measure,files,count\n"]
    out.append(b"keys,%s,%d\n" % (alllab.encode(), len(keys)))
    out.append(b"in_all,%s,%d\n" % (alllab.encode(), regions[everyone]))
    out.append(b"changed,%s,%d\n" % (alllab.encode(), len(changed)))
    for i in range(n):
        lab = labels[i].encode()
        out.append(b"records,%s,%d\n" % (lab, sum(counts[i].values())))
        out.append(b"file_keys,%s,%d\n" % (lab, len(counts[i])))
        out.append(b"duplicate_keys,%s,%d\n" %
                   (lab, sum(1 for v in counts[i].values() if v > 1)))
        out.append(b"unique,%s,%d\n" % (lab, regions[(i,)]))
    for s in order:
        out.append(b"subset,%s,%d\n" %
                   (";".join(labels[i] for i in s).encode(), regions[s]))
    with open(os.path.join(d, "expect.summary.csv"), "wb") as f:
        f.write(b"".join(out))

    # Matrix rows in key stream order: the encoded key, bytewise.
    sk = sorted(keys, key=lambda k: escape(k[0]) + b"\t" + escape(k[1]))
    head = ["key1", "key2"] + labels
    m = [csv_line(head + [l + "_rows" for l in labels])]
    miss = [csv_line(head)]
    chg = [csv_line(head + [l + "_rows" for l in labels])]
    for k in sk:
        cnt = [str(counts[i][k]) for i in range(n)]
        pres = [str(int(counts[i][k] > 0)) for i in range(n)]
        rl = [";".join(str(r) for r in sorted(rows[i][k])) for i in range(n)]
        m.append(csv_line([k[0], k[1]] + cnt + rl))
        if len(where[k]) < n:
            miss.append(csv_line([k[0], k[1]] + pres))
        if k in changed:
            chg.append(csv_line([k[0], k[1]] + pres + rl))
    for name, lines in (("matrix", m), ("missing", miss), ("changed", chg)):
        with open(os.path.join(d, "expect.%s.csv" % name), "wb") as f:
            f.write(b"".join(lines))

    facts = {
        "files": labels,
        "keys": len(keys),
        "changed": len(changed),
        "subsets": [{"files": [labels[i] for i in s], "keys": regions[s]}
                    for s in order],
        "per_file": [{"name": labels[i],
                      "records": sum(counts[i].values()),
                      "keys": len(counts[i]),
                      "duplicate_keys":
                          sum(1 for v in counts[i].values() if v > 1)}
                     for i in range(n)],
    }
    with open(os.path.join(d, "expect.summary.json"), "w") as f:
        json.dump(facts, f)


if __name__ == "__main__":
    main()
