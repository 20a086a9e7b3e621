"""Validating a CSV file against a Table Schema with vi-validate."""

import json
import os
import subprocess
import tempfile

from ._run import Stage, ToolError, option_args

__all__ = ["ValidationReport", "validate"]

_OPTS = {"delimiter", "no_header", "ignore_order", "max_errors", "quote", "unique_memory"}
_COUNTS = ("rows", "rows_valid", "rows_invalid", "rows_malformed", "rows_not_copied",
           "blank_lines", "header_violations", "violations")


class ValidationReport:
    """vi-validate's answer.

    ``valid``: True when there is no violation.  ``counts``: a dict of rows,
    rows_valid, rows_invalid, rows_malformed, rows_not_copied, blank_lines,
    header_violations and violations (the total).  ``violations``: the first
    violations (up to ``max_errors``), each a dict with line, byte, column,
    constraint, value and message.  ``summary``: one dict per (column,
    constraint) with its count and first line.  ``report``: the whole JSON
    report (see vi-validate(1))."""

    def __init__(self, report):
        self.report = report
        self.valid = bool(report["valid"])
        self.counts = {k: report[k] for k in _COUNTS if k in report}
        self.violations = report.get("errors", [])
        self.summary = report.get("summary", [])

    def __bool__(self):
        return self.valid

    def __repr__(self):
        return "<ValidationReport %s: %s>" % ("valid" if self.valid else "invalid", self.counts)


def validate(path, schema, rejects=None, output=None, **opts):
    """Check a CSV file against a Table Schema with vi-validate.

    ``schema`` is a dict (written to a private temporary file) or the path
    of a schema file.  ``rejects``: a file to get the header and the invalid
    rows; ``output``: a file to get the valid rows (else they are dropped).
    Options, as keywords: delimiter, no_header, ignore_order, max_errors,
    quote, unique_memory.

    Returns a :class:`ValidationReport`.  Invalid rows are an answer (exit
    status 1), not an error; any other failure (an unreadable file, a bad
    schema) raises ToolError."""
    args = option_args(opts, _OPTS, "validate")
    with tempfile.TemporaryDirectory(prefix="viewerit-") as tmp:
        if isinstance(schema, dict):
            spath = os.path.join(tmp, "schema.json")
            with open(spath, "w", encoding="utf-8") as f:
                json.dump(schema, f)
        else:
            spath = os.fspath(schema)
        rpath = os.path.join(tmp, "report.json")
        args += ["--schema", spath, "--report", rpath]
        if rejects is not None:
            args += ["--rejects", os.fspath(rejects)]
        if output is not None:
            args += ["-o", os.fspath(output)]
        s = Stage("vi-validate", args + ["--", os.fspath(path)], stdout=subprocess.DEVNULL)
        try:
            s.proc.wait()
            if s.proc.returncode not in (0, 1):
                raise s.error()
            try:
                with open(rpath, encoding="utf-8") as f:
                    report = json.load(f)
            except (OSError, ValueError) as e:
                raise ToolError("vi-validate", s.proc.returncode,
                                "vi-validate: no usable report: %s\n%s" % (e, s.stderr_text())) from None
        finally:
            s.stop()
    return ValidationReport(report)
