#!/usr/bin/python3
"""Compare the bundled extracts by region,date,id with viewerit_core: the
presence matrix, the Venn counts, the changed keys and what changed in them,
column by column, which a pandas MultiFileComparator would get by loading
every file whole and merging.

Usage: compare_extracts.py [CSV ...]   (default: examples/extract_*.csv)
The tools come from $VIEWERIT_BIN, the clone's build/, or PATH; the package
from PYTHONPATH (make demo sets both) or, in a clone, python/ next to here.
"""

import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
try:
    import viewerit_core as vc
except ImportError:
    sys.path.insert(0, os.path.join(here, "..", "..", "python"))
    import viewerit_core as vc

if sys.argv[1:]:
    files, names = sys.argv[1:], None          # labelled by file name
else:
    names = ["crm", "billing", "warehouse"]
    files = [os.path.join(here, "..", "extract_%s.csv" % n) for n in names]

try:
    with vc.compare(files, "region,date,id", names=names) as c:
        names = c.names
        print("%d keys, %d in every file, %d changed" % (c["keys"], c["in_all"], c["changed"]))

        print("\nVenn regions:")
        for region, n in sorted(c.venn().items(), key=lambda rn: (len(rn[0]), sorted(rn[0]))):
            print("  %-45s %d" % (" & ".join(x for x in names if x in region), n))

        print("\nKeys not in every file (presence matrix, streamed):")
        print("  %-28s %s" % (",".join(c.key_names), " ".join(names)))
        for key, present in c.matrix(missing=True):
            print("  %-28s %s" % (",".join(key), " ".join(str(p) for p in present)))

        print("\nChanged keys, with their rows in each file:")
        for ch in c.changed():
            rows = "  ".join("%s:%s" % (n, ";".join(map(str, r)) or "-") for n, r in zip(names, ch.rows))
            print("  %-28s %s" % (",".join(ch.key), rows))

        try:                                        # the whole matrix, if pandas is there
            frame = c.matrix_frame()
        except ImportError:
            pass
        else:
            print("\nDataFrame %d x %d; keys per file: %s" % (
                *frame.shape, ", ".join("%s %d" % (n, frame[n].sum()) for n in names)))
    # Reconciliation (vi-diff): what changed, column by column, with values.
    print("\nChanged values (reconcile):")
    with vc.reconcile(files, "region,date,id", names=names, changed_only=True) as r:
        for item in r:
            key = ",".join(item["key"])
            if item["type"] == "duplicate":
                print("  %-28s duplicate key, rows %s" % (key, item["rows"]))
                continue
            for col, values in item["columns"].items():
                shown = "  ".join("%s=%s" % (n, v) for n, v in zip(names, values) if v is not None)
                print("  %-28s %-8s %s" % (key, col, shown))
        print("  per column: %s" % ", ".join("%s %d" % (col["column"], col["differ"])
                                             for col in r.summary["columns"] if col["differ"]))
except vc.ToolError as e:
    sys.exit("compare_extracts: %s" % e)
