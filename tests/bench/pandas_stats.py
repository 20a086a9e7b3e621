#!/usr/bin/python3
"""pandas peer for tests/bench/run.sh: read_csv + isna().sum() + dtypes.

    /usr/bin/python3 pandas_stats.py FILE

Prints one JSON object: {"rows": N, "columns": [{"name", "nulls", "dtype"}]}.
pandas' default na_values are used, which include the three null tokens the
generator writes ("", NA, NULL).  Run with Debian's /usr/bin/python3, which
is where python3-pandas is installed.
"""
import json
import sys

import pandas as pd


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: pandas_stats.py file\n")
        sys.exit(64)
    df = pd.read_csv(sys.argv[1])
    nulls = df.isna().sum()
    out = {
        "rows": int(len(df)),
        "columns": [
            {"name": str(c), "nulls": int(nulls[c]), "dtype": str(df.dtypes[c])}
            for c in df.columns
        ],
    }
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
