"""Profiling CSV files with vi-stats: profile(), profile_many(), infer_schema()."""

import json
import os
import shutil
import subprocess
import tempfile

from . import _tasks
from ._run import capture, option_args, run_pipelines, Stage, stream_lines, tool_dir

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


def _start_part(bindir, cwd, path, part, parts, args, out):
    # The local form of _tasks.stats_part_task, for run_pipelines.
    def start(p):
        p.add(Stage("vi-stats", ["--part", "%d/%d" % (part, parts), "--partial"] + args
                    + ["-o", out, "--", path], stdout=subprocess.DEVNULL, bindir=bindir,
                    cwd=_tasks._input_cwd(path, cwd)))
    return start


def _profile_parts(path, parts, args, client, jobs, workdir):
    """The plan by parts: ``vi-stats --part K/N --partial`` per byte range
    (as subprocesses, or as tasks via ``client``), each state into a
    directory of ``workdir``; then here ``vi-stats --merge -f json`` over
    the states in part order.  The directory is removed at the end."""
    bindir, cwd = tool_dir(), os.getcwd()
    run = tempfile.mkdtemp(prefix="viewerit-", dir=workdir)
    try:
        outs = [os.path.join(run, "part-%d.state" % k) for k in range(1, parts + 1)]
        if client is None:
            run_pipelines([_start_part(bindir, cwd, path, k, parts, args, o)
                           for k, o in enumerate(outs, 1)], jobs)
        else:
            runner = _tasks.ClientRunner(client)
            try:
                outs = runner.gather([runner.submit(_tasks.stats_part_task, bindir, cwd, path,
                                                    k, parts, args, o)
                                      for k, o in enumerate(outs, 1)])
            finally:
                runner.cancel()
        return json.loads(capture("vi-stats", ["--merge", "-f", "json"] + outs))
    finally:
        shutil.rmtree(run, ignore_errors=True)


def profile(path, parts=None, client=None, workdir=None, **opts):
    """Profile one CSV file: the parsed ``vi-stats --format json`` object.
    Options as for :func:`profile_many`.

    By parts: with ``parts=N``, N runs of ``vi-stats --part K/N --partial``
    each profile the records that start in the K-th of N equal byte ranges
    of the file (a regular file; quoted newlines across a range's boundary
    are safe) and write its state; ``vi-stats --merge`` merges the states
    into the report of the whole file, byte for byte the same object as
    without ``parts`` (the options go to every part; ``limit`` does not
    apply).  Without ``client`` the parts run here as subprocesses, at most
    ``jobs`` (default: the number of CPUs) at a time, each on one thread.

    On a Dask cluster: with ``client``, a ``distributed.Client``, and
    ``workdir``, a directory that this process and every worker see under
    the same path (the file too; a relative path is taken from this
    process's working directory), each part is one task (``pure=False,
    retries=2``; ``jobs`` is then vi-stats' threads per task, default 1)
    writing its state (a few KiB per column) into a directory of
    ``workdir`` under a temporary name renamed when complete; only the
    states' names go through the scheduler, and the merge runs here.
    ``parts`` defaults to the number of threads of the cluster.  The first
    failure raises its ToolError after the other tasks are cancelled; the
    directory in ``workdir`` is removed in every case.  ``workdir`` without
    a client is where the parts' states go (default: :mod:`tempfile`'s
    directory).  ``distributed`` is not imported by this package."""
    if parts is None and client is None:
        return profile_many([path], **opts)[0]
    if client is not None and workdir is None:
        raise ValueError("profile() with a client needs a workdir that the workers share")
    if parts is None:
        parts = _tasks.nthreads(client)
    if isinstance(parts, bool) or not isinstance(parts, int) or parts < 1:
        raise ValueError("parts must be a positive int, not %r" % (parts,))
    if opts.get("limit") is not None:
        raise ValueError("profile(): limit does not apply with parts")
    jobs = opts.pop("jobs", None)
    if client is None:
        # The parts are the parallelism: jobs of them at once, one thread each.
        args = option_args(dict(opts, jobs=1), _OPTS, "profile")
        jobs = max(1, jobs or os.cpu_count() or 1)
    else:
        # A task is one of the worker's threads: jobs threads each (default 1).
        args = option_args(dict(opts, jobs=jobs or 1), _OPTS, "profile")
    workdir = os.path.abspath(os.fspath(workdir)) if workdir is not None else None
    return _profile_parts(os.fspath(path), parts, args, client, jobs, workdir)


def infer_schema(path, **opts):
    """The Table Schema that ``vi-stats --schema`` infers for a CSV file, as
    a dict (see vi-schema(5)); :func:`validate` takes it as it is.  Options
    as for :func:`profile_many`."""
    args = option_args(opts, _OPTS, "infer_schema") + ["--schema", "--", os.fspath(path)]
    return json.loads(capture("vi-stats", args))
