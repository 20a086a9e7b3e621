#!/usr/bin/env python3
"""References for tests/head.bats, with Python's csv module.

head_ref.py head N FILE          the header and the first N records, as
                                 vi-head -f csv writes them (Python's
                                 writer, QUOTE_MINIMAL, LF-ended)
head_ref.py sample K SEED FILE   vi-head --sample K --seed SEED -N -f csv:
                                 Algorithm R over SplitMix64, exact draws
head_ref.py random SEED          a random valid CSV file on stdout
head_ref.py same IN OUT N        exit 1 unless OUT parses to IN's header
                                 and first N records
"""
import csv
import io
import random
import sys

M64 = (1 << 64) - 1


def records(path):
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as f:
        # The suite's reader skips blank lines; Python gives [] for them.
        return [r for r in csv.reader(f, strict=True) if r]


def write(rows):
    out = sys.stdout.buffer
    for r in rows:
        # "\r\n" as the terminator makes the writer quote a CR in a field
        # too (Python 3.11 does not with "\n"); the suite ends lines in LF.
        b = io.StringIO()
        csv.writer(b, lineterminator="\r\n").writerow(r)
        out.write(b.getvalue()[:-2].encode("utf-8", "surrogateescape") + b"\n")


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def below(state, n):
    floor = (1 << 64) % n
    while True:
        state, r = splitmix64(state)
        if r >= floor:
            return state, r % n


def sample(k, seed, path):
    rows = records(path)
    header, data = rows[0], rows[1:]
    kept, state = [], seed
    for i, r in enumerate(data, 1):
        if i <= k:
            kept.append((i, r))
            continue
        state, j = below(state, i)
        if j < k:
            kept[j] = (i, r)
    kept.sort()
    write([["#"] + header] + [[str(i)] + r for i, r in kept])


def rand(seed):
    rnd = random.Random(seed)
    pieces = ["a", "b", " ", "x y", ",", '"', "\n", "\r\n", "\r", "é", "日",
              "\t", ";", "", "''", "\\"]
    ncols = rnd.randint(1, 4)
    term = rnd.choice(["\n", "\r\n", "\r"])
    quoting = rnd.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
    text = ""
    for _ in range(rnd.randint(1, 30)):
        # Row by row with "\r\n", so that CR and LF in fields are quoted
        # whatever the terminator (see write()).
        b = io.StringIO()
        csv.writer(b, lineterminator="\r\n", quoting=quoting).writerow(
            ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 5)))
             for _ in range(ncols)])
        text += b.getvalue()[:-2] + term
    if rnd.random() < 0.3:
        text = text[: -len(term)]
    sys.stdout.buffer.write(text.encode("utf-8"))


def main():
    cmd = sys.argv[1]
    if cmd == "head":
        n, path = int(sys.argv[2]), sys.argv[3]
        write(records(path)[: n + 1])
    elif cmd == "sample":
        sample(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif cmd == "random":
        rand(int(sys.argv[2]))
    elif cmd == "same":
        want = records(sys.argv[2])[: int(sys.argv[4]) + 1]
        got = records(sys.argv[3])
        if got != want:
            print("differ:", want, got)
            sys.exit(1)


main()
