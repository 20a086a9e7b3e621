"""Record reconciliation with vi-diff: which columns changed, with values."""

import json
import os
import tempfile

from ._run import ToolError, capture, column_list, option_args, stream_lines

__all__ = ["Reconciliation", "reconcile", "reconcile_summary"]

_FLAGS = {"changed_only", "numeric", "trim", "ignore_case", "lenient"}
_VALUED = {"abs_tol", "rel_tol", "nulls", "delimiter", "quote"}
_LISTS = {"columns", "ignore_columns"}


def _args(files, key, names, rules):
    files = [os.fspath(f) for f in files]
    if len(files) < 2:
        raise ValueError("reconcile() needs at least two files")
    budget = rules.pop("budget", "256M")
    args = ["-k", column_list(key), "-S", str(budget), "-T", tempfile.gettempdir()]
    for k in _LISTS:
        v = rules.pop(k, None)
        if v is not None:
            args += ["--" + k.replace("_", "-"), column_list(v)]
    if names is not None:
        names = list(names)
        if len(names) != len(files) or any("," in n or not n for n in names):
            raise ValueError("names: one non-empty name without a comma per file")
        args += ["--names", ",".join(names)]
    args += option_args(rules, _FLAGS | _VALUED, "reconcile")
    return args + ["--"] + files


class Reconciliation:
    """vi-diff's answer, read as it is written.

    Iterating yields one dict per reported key, in key order, exactly as
    ``vi-diff -f json`` writes it (see vi-diff(1)):

    - ``{"type": "changed", "key": [...], "rows": [row or None, ...],
      "columns": {name: [value or None, ...], ...}}``: the key's rows differ
      in these columns (one entry per file, None where the file lacks the
      key);
    - ``{"type": "only", "key": [...], "rows": [...]}``: not in every file;
    - ``{"type": "duplicate", "key": [...], "rows": [[row, ...], ...]}``:
      repeated within a file, never compared.

    ``header`` (files, key and compared columns, missing columns) is there
    from the start; ``summary`` (per-column counts with a first example, key
    totals) once the iteration has ended.  ``differ`` is True when anything
    was reported.  Iterate once; use it as a context manager, or call
    close(), to stop vi-diff early."""

    def __init__(self, args):
        self._lines = stream_lines("vi-diff", ["-f", "json"] + args, ok=(0, 1))
        self.summary = None
        self.differ = False
        try:
            self.header = self._next()
        except BaseException:
            self.close()
            raise
        if self.header is None or self.header.get("type") != "header":
            self.close()
            raise ToolError("vi-diff", 0, "vi-diff: no header object in its output")

    def _next(self):
        line = next(self._lines, None)
        if line is None:
            return None
        try:
            return json.loads(line)
        except ValueError:
            # A line cut short: the tool's own status says why.
            for _ in self._lines:
                pass
            raise ToolError("vi-diff", 0, "vi-diff: unreadable output: %r" % line[:200]) from None

    def __iter__(self):
        while True:
            obj = self._next()
            if obj is None:
                if self.summary is None:
                    raise ToolError("vi-diff", 0, "vi-diff: its output ended without a summary")
                return
            if obj.get("type") == "summary":
                self.summary = obj
                continue
            self.differ = True
            yield obj

    def close(self):
        self._lines.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def reconcile(files, key, names=None, **rules):
    """Reconcile CSV files by ``key`` with vi-diff, column by column.

    ``key`` is a column list (``"region,date,id"``) or a sequence of names.
    Rules and options, as keywords, mirror vi-diff's options:
    ``changed_only=True``, ``numeric=True``, ``abs_tol=0.01``,
    ``rel_tol=1e-6``, ``trim=True``, ``ignore_case=True``,
    ``nulls="NA,NULL,"``, ``columns=[...]``, ``ignore_columns=[...]``,
    ``budget="256M"`` (vi-diff -S), ``delimiter``, ``quote``, ``lenient``.

    Returns a :class:`Reconciliation` to iterate.  Differences are the
    answer, not an error; any failure (a missing column, malformed CSV, a
    killed tool) raises :class:`ToolError`, also in the middle of the
    iteration."""
    return Reconciliation(_args(files, key, names, dict(rules)))


def reconcile_summary(files, key, names=None, **rules):
    """The per-column summary alone (``vi-diff --summary -f json``), as a
    dict: ``columns`` (each with ``differ`` and a first ``example``),
    ``keys`` (total, in_all, not_in_all, compared, changed,
    equal_under_rules, duplicate), ``files``, ``missing_columns``.  Same
    arguments as :func:`reconcile`."""
    args = _args(files, key, names, dict(rules))
    return json.loads(capture("vi-diff", ["--summary", "-f", "json"] + args, ok=(0, 1)))
