"""The tasks of a sharded comparison and of a profile by parts, and the two
ways they run: here, as subprocesses, or on a Dask cluster.

A task is a module-level function (so that it pickles by reference and a
worker imports this module to run it) that takes paths and small values,
runs the tools from the directory it is given (``bindir``: the caller's,
resolved once, since a worker's environment may not know it), and returns a
path or a small JSON text.  Data never goes through the scheduler: key
streams and states stay in the working directory that the caller and the
workers share.  A task that writes a file writes it under a temporary name
in the same directory and renames it at the end, so a task retried after
its worker died (or run twice) gives the same file, and a reader never sees
a half-written one.

Nothing here imports ``distributed``: a client is only used through its
``submit``, ``gather``, ``cancel`` and ``nthreads`` methods.
"""

import os
import subprocess
import uuid

from ._run import Stage, capture, run_pipelines

__all__ = []

# A task that fails with a Python exception (a ToolError) is retried this
# many times; a task whose worker dies is rescheduled by the scheduler
# (its distributed.scheduler.allowed-failures).
RETRIES = 2


def _tmp_name(out):
    # Unique per attempt: two attempts of one task never write one file.
    return "%s.tmp-%s" % (out, uuid.uuid4().hex)


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _input_cwd(path, cwd):
    """The working directory a tool reading ``path`` runs in: the caller's
    when the path is relative (it is passed as it is, so the file names the
    tools report are those of the single-machine run), else none."""
    return cwd if not os.path.isabs(path) else None


def start_shard_keys(bindir, cwd, path, key, shard, shards, out, budget):
    """A pipeline start function (see _run.run_pipelines):
    ``vi-keys -b -s -S BUDGET -T DIR -o OUT --shard SHARD/SHARDS -k KEY PATH``
    (sorted by vi-keys itself, the bytes of ``vi-keys | vi-sort``), DIR the
    directory of OUT.  ``shards`` None leaves --shard out."""
    shard_args = ["--shard", "%d/%d" % (shard, shards)] if shards else []

    def start(p):
        p.add(Stage("vi-keys", ["-b", "-s", "-S", budget, "-T", os.path.dirname(out),
                                "-o", out] + shard_args + ["-k", key, path],
                    stdout=subprocess.DEVNULL, bindir=bindir,
                    cwd=_input_cwd(path, cwd)))
    return start


def shard_keys_task(bindir, cwd, path, key, shard, shards, out, budget):
    """Task: the sorted binary key stream of the records of ``path`` whose
    keys fall in hash shard ``shard`` of ``shards`` (1-based, as vi-keys
    --shard), written to ``out`` (temporary name, then rename).  Returns
    ``out``; a tool failure raises ToolError."""
    tmp = _tmp_name(out)
    try:
        run_pipelines([start_shard_keys(bindir, cwd, path, key, shard, shards, tmp, budget)], 1)
        os.replace(tmp, out)
    except BaseException:
        _remove(tmp)
        raise
    return out


def shard_summary_task(bindir, shard_dir, names_args, streams, *deps):
    """Task: ``vi-presence --summary --json`` over one shard's sorted key
    streams (file names in ``shard_dir``, run there so that every shard's
    summary names the inputs alike), returned as text.  ``deps`` are the
    key tasks' results, only there so that the scheduler runs this after
    them.  Reads only: running it twice is harmless."""
    return capture("vi-presence", ["--summary", "--json"] + list(names_args) + list(streams),
                   bindir=bindir, cwd=shard_dir).decode("utf-8")


def stats_part_task(bindir, cwd, path, part, parts, opt_args, out):
    """Task: ``vi-stats --part PART/PARTS --partial OPTIONS -o OUT PATH``, the
    state of the records that start in the part-th of ``parts`` byte ranges
    of ``path`` (temporary name, then rename).  Returns ``out``."""
    tmp = _tmp_name(out)
    try:
        capture("vi-stats", ["--part", "%d/%d" % (part, parts), "--partial"] + list(opt_args)
                + ["-o", tmp, "--", path], bindir=bindir, cwd=_input_cwd(path, cwd))
        os.replace(tmp, out)
    except BaseException:
        _remove(tmp)
        raise
    return out


def nthreads(client):
    """How many tasks the cluster runs at once: the default number of shards
    or parts when a client is given without one."""
    return max(1, sum(client.nthreads().values()))


class ClientRunner:
    """Submits tasks to a ``distributed.Client`` (retried, never cached:
    ``pure=False``) and keeps their futures, so that all of them can be
    cancelled when the run fails or is interrupted."""

    def __init__(self, client):
        self.client = client
        self.futures = []

    def submit(self, fn, *args):
        f = self.client.submit(fn, *args, pure=False, retries=RETRIES)
        self.futures.append(f)
        return f

    def gather(self, futures):
        return self.client.gather(futures)

    def cancel(self):
        """Cancel the tasks not finished yet (none after a run that
        succeeded: cancelling finished tasks made the scheduler wait a
        second for their released dependents, on every call)."""
        pending = [f for f in self.futures if not f.done()]
        self.futures = []
        if pending:
            try:
                self.client.cancel(pending)
            except Exception:    # the cluster may be gone: nothing to stop then
                pass
