"""pipeline_pandas.py - pandas peer for tests/bench/pipeline-bench.sh.

    python3 pipeline_pandas.py A.csv B.csv C.csv

What the Python app does today: read the key columns of each file
(usecols, as strings), then in memory: the presence matrix (one row per
distinct key, a bit per file), the Venn counts and the keys seen more than
once per file.  Prints one JSON object.  No row hash: the app does not
compute "changed" this way.
"""
import json
import sys

import pandas as pd

KEY = ['code', 'id']
names = {1: 'a', 2: 'b', 4: 'c', 3: 'ab', 5: 'ac', 6: 'bc', 7: 'abc'}
parts, dups, recs = [], [], []
for i, path in enumerate(sys.argv[1:4]):
    df = pd.read_csv(path, usecols=KEY, dtype=str, keep_default_na=False)
    recs.append(len(df))
    d = df.duplicated(keep='first')
    dups.append(int(len(df[d].drop_duplicates())))
    u = df[~d].copy()
    u['bit'] = 1 << i
    parts.append(u)
matrix = pd.concat(parts, ignore_index=True).groupby(KEY, sort=False)['bit'].sum()
venn = matrix.value_counts()
print(json.dumps({'venn': {names[int(k)]: int(v) for k, v in venn.items()},
                  'duplicate_keys': dups, 'records': recs}))
