"""Profiling CSV files with vi-stats: profile(), profile_many(), infer_schema()."""

import json
import os

from ._run import capture, option_args, stream_lines

__all__ = ["infer_schema", "profile", "profile_many"]

# vi-stats options a caller may give as keywords (see vi-stats(1)).
_OPTS = {"delimiter", "no_header", "jobs", "limit", "lenient", "nulls", "quote", "block_size"}


def profile_many(paths, **opts):
    """Profile several CSV files in one ``vi-stats --format json`` run and
    return the list of their profiles (one dict per file, in order; keys as
    in vi-stats(1): rows, columns [{name, type, non_null, nulls, min, max,
    distinct, ...}], ...).

    Options, as keywords: delimiter, no_header, jobs, limit, lenient, nulls,
    quote, block_size (``limit=1000`` is ``--limit 1000``, ``lenient=True``
    is ``--lenient``).  Raises ToolError if vi-stats fails on any file."""
    paths = [os.fspath(p) for p in paths]
    args = option_args(opts, _OPTS, "profile")
    if not paths:
        return []               # vi-stats without a file would read stdin
    args += ["--format", "json", "--"] + paths
    return [json.loads(line) for line in stream_lines("vi-stats", args)]


def profile(path, **opts):
    """Profile one CSV file: the parsed ``vi-stats --format json`` object.
    Options as for :func:`profile_many`."""
    return profile_many([path], **opts)[0]


def infer_schema(path, **opts):
    """The Table Schema that ``vi-stats --schema`` infers for a CSV file, as
    a dict (see vi-schema(5)); :func:`validate` takes it as it is.  Options
    as for :func:`profile_many`."""
    args = option_args(opts, _OPTS, "infer_schema") + ["--schema", "--", os.fspath(path)]
    return json.loads(capture("vi-stats", args))
