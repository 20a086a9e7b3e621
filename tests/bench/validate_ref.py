#!/usr/bin/env python3
"""The validator a user would write: csv module + per-type checks.

validate_ref.py SCHEMA.json FILE.csv > valid.csv
Checks the types and "required" of a vi-stats --schema schema, writes the
header and valid rows with csv.writer, prints the counts on stderr.
Standard library only.
"""
import csv, json, re, sys
from datetime import date, datetime

INT = re.compile(r"[+-]?(0|[1-9][0-9]*)\Z")
NUM = re.compile(r"[+-]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")

def is_int(s):
    return INT.match(s) is not None and -2**63 <= int(s) < 2**63
def is_num(s):
    return NUM.match(s) is not None or s.lower().lstrip("+-") in ("inf", "infinity", "nan")
def is_bool(s):
    return s in ("true", "false", "True", "False", "TRUE", "FALSE")
def is_date(s):
    try:
        date.fromisoformat(s); return len(s) == 10
    except ValueError:
        return False
def is_datetime(s):
    try:
        datetime.fromisoformat(s.replace("Z", "+00:00")); return True
    except ValueError:
        return False
CHECK = {"integer": is_int, "number": is_num, "boolean": is_bool,
         "date": is_date, "datetime": is_datetime}

def main():
    schema = json.load(open(sys.argv[1]))
    nulls = set(schema.get("missingValues", [""]))
    fields = schema["fields"]
    checks = [CHECK.get(f.get("type", "string")) for f in fields]
    req = [f.get("constraints", {}).get("required", False) for f in fields]
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(next(r))
        good = bad = 0
        for row in r:
            ok = len(row) == len(fields)
            if ok:
                for v, c, q in zip(row, checks, req):
                    if v in nulls:
                        if q:
                            ok = False; break
                    elif c is not None and not c(v):
                        ok = False; break
            if ok:
                good += 1; w.writerow(row)
            else:
                bad += 1
    print(f"valid {good} invalid {bad}", file=sys.stderr)

main()
