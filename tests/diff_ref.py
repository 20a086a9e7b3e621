#!/usr/bin/python3
"""A reference vi-diff in Python (csv module), for differential tests.

    diff_ref.py gen SEED DIR      write DIR/a.csv DIR/b.csv DIR/c.csv
    diff_ref.py ref [--numeric] [--abs-tol X] [--rel-tol X] [--trim] [-i]
                    [--nulls a,b] [--changed-only] -k k1,k2 FILE...

`ref` prints what `vi-diff -k ... FILE...` prints (CSV long format), from
the semantics in man/vi-diff.1, written independently of the C code: keys by
header name, compared columns = the first file's non-key columns that every
file has, in its order; a key repeated in a file is a duplicate; a key in
two or more files is changed when a compared column's value differs from the
first holding file's under the rules; keys not in every file are "only"
unless changed.  Items come in key stream order (escaped key fields joined by
TAB, compared as bytes).
"""
import csv
import decimal
import io
import math
import os
import random
import re
import sys

NUM = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'test_helper'))
from keyesc import escape  # noqa: E402


def esc(s):
    return escape(s.encode('utf-8', 'surrogateescape'))


def read(path):
    with open(path, newline='', encoding='utf-8',
              errors='surrogateescape') as f:
        rows = [r for r in csv.reader(f, strict=True) if r != []]
    return rows[0], rows[1:]


class Rules:
    def __init__(self, numeric=False, abs_tol=0.0, rel_tol=0.0, trim=False,
                 fold=False, nulls=None):
        self.numeric = numeric or abs_tol > 0 or rel_tol > 0
        self.abs_tol, self.rel_tol = abs_tol, rel_tol
        self.trim, self.fold, self.nulls = trim, fold, nulls

    def equal(self, a, b):
        if self.trim:
            a, b = a.strip(' \t'), b.strip(' \t')
        if self.nulls is not None and (a in self.nulls or b in self.nulls):
            return a in self.nulls and b in self.nulls
        if a == b:
            return True
        if self.numeric and NUM.match(a) and NUM.match(b):
            if decimal.Decimal(a) == decimal.Decimal(b):
                return True
            if self.abs_tol > 0 or self.rel_tol > 0:
                return math.isclose(float(a), float(b),
                                    rel_tol=self.rel_tol,
                                    abs_tol=self.abs_tol)
            return False
        if self.fold:
            low = str.maketrans('ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                'abcdefghijklmnopqrstuvwxyz')
            return a.translate(low) == b.translate(low)
        return False


def ref(args):
    rules = Rules()
    keys, changed_only, files = None, False, []
    it = iter(args)
    for a in it:
        if a == '--numeric':
            rules.numeric = True
        elif a == '--abs-tol':
            rules.abs_tol = float(next(it))
            rules.numeric = True
        elif a == '--rel-tol':
            rules.rel_tol = float(next(it))
            rules.numeric = True
        elif a == '--trim':
            rules.trim = True
        elif a == '-i':
            rules.fold = True
        elif a == '--nulls':
            rules.nulls = set(next(it).split(','))
        elif a == '--changed-only':
            changed_only = True
        elif a == '-k':
            keys = next(it).split(',')
        else:
            files.append(a)
    data = [read(f) for f in files]
    hdr0 = data[0][0]
    cols = []
    for name in hdr0:
        if name in keys or name in cols:
            continue
        if all(name in h for h, _ in data):
            cols.append(name)
    groups = {}
    for i, (h, rows) in enumerate(data):
        kidx = [h.index(k) for k in keys]
        cidx = [h.index(c) for c in cols]
        for n, r in enumerate(rows, 1):
            k = tuple(r[j] for j in kidx)
            g = groups.setdefault(k, [[] for _ in files])
            g[i].append((n, [r[j] for j in cidx]))
    labels = [os.path.splitext(os.path.basename(f))[0] for f in files]
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\n')
    w.writerow(keys + ['status', 'column'] + labels +
               [l + '_rows' for l in labels])
    differ = False
    for k in sorted(groups, key=lambda k: b'\t'.join(esc(x) for x in k)):
        g = groups[k]
        rows = [';'.join(str(n) for n, _ in rs) for rs in g]
        present = [i for i, rs in enumerate(g) if rs]
        if any(len(rs) > 1 for rs in g):
            w.writerow(list(k) + ['duplicate', ''] + [''] * len(files) +
                       rows)
            differ = True
            continue
        diff = []
        if len(present) >= 2:
            ref0 = g[present[0]][0][1]
            for c in range(len(cols)):
                if any(not rules.equal(ref0[c], g[i][0][1][c])
                       for i in present[1:]):
                    diff.append(c)
        if diff:
            differ = True
            for c in diff:
                vals = [rs[0][1][c] if rs else '' for rs in g]
                w.writerow(list(k) + ['changed', cols[c]] + vals + rows)
        elif len(present) < len(files) and not changed_only:
            differ = True
            w.writerow(list(k) + ['only', ''] + [''] * len(files) + rows)
    sys.stdout.write(out.getvalue())
    return 1 if differ else 0


VALUES = ['', 'x', 'X', ' x', 'x ', 'a,b', 'say "hi"', 'two\nlines',
          'cr\r\nlf', '47.07', '47.070', '4.707e1', '+47.07', '47.1', '0',
          '-0.0', 'NA', 'NULL', 'é', 'tab\there', 'back\\slash', '1e400',
          '100', '100.000001']


def gen(seed, d):
    rnd = random.Random(seed)
    cols = ['k1', 'k2', 'p', 'q', 'r', 's']
    base = {}
    for _ in range(rnd.randint(0, 40)):
        k = (rnd.choice(['a', 'b', 'c', 'é', 'a,b', 'x\ty', '']),
             str(rnd.randint(0, 6)))
        base[k] = [rnd.choice(VALUES) for _ in cols[2:]]
    for name in ('a', 'b', 'c'):
        mycols = list(cols)
        if name != 'a':
            rnd.shuffle(mycols)
        if name == 'c' and rnd.random() < 0.5:
            mycols.remove('s')
        rows = []
        for k, v in base.items():
            if rnd.random() < 0.2:
                continue
            vals = dict(zip(cols, list(k) + v))
            for c in cols[2:]:
                if rnd.random() < 0.15:
                    vals[c] = rnd.choice(VALUES)
            rows.append([vals[c] for c in mycols])
            if rnd.random() < 0.05:
                rows.append(list(rows[-1]))
        rnd.shuffle(rows)
        quoting = rnd.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
        term = rnd.choice(['\n', '\r\n'])
        with open(os.path.join(d, name + '.csv'), 'w', newline='',
                  encoding='utf-8') as f:
            w = csv.writer(f, quoting=quoting, lineterminator=term)
            w.writerow(mycols)
            w.writerows(rows)
    return 0


if __name__ == '__main__':
    if sys.argv[1] == 'gen':
        sys.exit(gen(int(sys.argv[2]), sys.argv[3]))
    sys.exit(ref(sys.argv[2:]))
