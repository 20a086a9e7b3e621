"""pipeline_keys.py - key extraction for the sort + join peer.

    python3 pipeline_keys.py FILE.csv > FILE.k

Writes "code TAB id" for every data record, read with Python's csv module
(quoted fields and embedded newlines handled as RFC 4180 says).
"""
import csv
import sys

with open(sys.argv[1], newline='', encoding='utf-8') as f:
    r = csv.reader(f)
    h = next(r)
    ci, ii = h.index('code'), h.index('id')
    out = sys.stdout
    out.writelines('%s\t%s\n' % (row[ci], row[ii]) for row in r)
