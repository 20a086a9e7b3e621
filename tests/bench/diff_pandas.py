"""diff_pandas.py - pandas peer for tests/bench/diff-bench.sh.

    python3 diff_pandas.py OUT.csv A.csv B.csv C.csv

What a MultiFileComparator does in memory: read_csv with its defaults, an
outer merge of the three files on the key (code, id), and per non-key
column a comparison between every two files that hold the key (NaN equal
to NaN); the rows of the keys that differ somewhere go to OUT.csv.  Prints
one JSON object: the number of rows written.
"""
import json
import sys

import pandas as pd

KEY = ['code', 'id']
out, files = sys.argv[1], sys.argv[2:5]
dfs = []
for i, path in enumerate(files):
    df = pd.read_csv(path)
    cols = [c for c in df.columns if c not in KEY]
    df = df.rename(columns={c: '%s_%d' % (c, i) for c in cols})
    df['_p%d' % i] = True
    dfs.append(df)
m = dfs[0].merge(dfs[1], on=KEY, how='outer').merge(dfs[2], on=KEY, how='outer')
mask = pd.Series(False, index=m.index)
for c in cols:
    for x, y in ((0, 1), (0, 2), (1, 2)):
        both = m['_p%d' % x].eq(True) & m['_p%d' % y].eq(True)
        a, b = m['%s_%d' % (c, x)], m['%s_%d' % (c, y)]
        mask |= both & ~(a.eq(b) | (a.isna() & b.isna()))
m[mask].to_csv(out, index=False)
print(json.dumps({'rows': int(mask.sum())}))
