"""Comparing files, or in-memory key lists, by key: compare(), fast_intersect()
and the Comparison they return."""

import collections
import heapq
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import weakref

from . import _tasks
from ._run import Stage, ToolError, capture, run_pipelines, stream_lines, tool_dir

__all__ = ["Changed", "Comparison", "compare", "fast_intersect"]

Changed = collections.namedtuple("Changed", "key present rows")
Changed.__doc__ = """A changed key: ``key`` the tuple of key fields, ``present`` 0 or 1
per input, ``rows`` per input the tuple of source row numbers of the key's
records (empty where the key is absent)."""


def _check_names(names, n):
    if names is None:
        return None
    names = [str(x) for x in names]
    if len(names) != n:
        raise ValueError("%d names for %d inputs" % (len(names), n))
    for x in names:
        if not x or "," in x:
            raise ValueError("a name must be non-empty and without a comma: %r" % x)
    if len(set(names)) != n:
        raise ValueError("names must be distinct: %r" % names)
    return names


# Key stream escaping (vi-keys(5)): TAB, LF, CR and backslash by letter,
# other control bytes as \xHH, every other byte as itself.
_ESC = {i: b"\\x%02x" % i for i in list(range(0x20)) + [0x7f]}
_ESC.update({9: b"\\t", 10: b"\\n", 13: b"\\r", 0x5c: b"\\\\"})
_ESC_RE = re.compile(rb"[\x00-\x1f\\\x7f]")


def _escape(field):
    if isinstance(field, str):
        field = field.encode("utf-8", "surrogateescape")
    elif not isinstance(field, (bytes, bytearray)):
        raise TypeError("a key field must be str or bytes, not %s" % type(field).__name__)
    return _ESC_RE.sub(lambda m: _ESC[m.group()[0]], field)


_UNESC = {b"t": b"\t", b"n": b"\n", b"r": b"\r", b"\\": b"\\"}
_UNESC_RE = re.compile(rb"\\(x[0-9a-f]{2}|[tnr\\])")


def _unescape(text):
    """A key field as vi-presence --json gives it with "escaped": true: in the
    key stream escaping, every byte from 0x80 up written \\xHH too."""
    raw = _UNESC_RE.sub(lambda m: _UNESC.get(m.group(1)) or bytes([int(m.group(1)[1:], 16)]),
                        text.encode("utf-8", "surrogateescape"))
    return raw.decode("utf-8", "surrogateescape")


def _key_names(path):
    """The key column names in a binary key stream's header (vi-keys(5)),
    ``key1``, ``key2``, ... for those it does not name."""
    with open(path, "rb") as f:
        head = f.read(28)
        if len(head) < 28 or head[:8] != b"\0VIKEYS\x1a":
            return None
        k, hlen = struct.unpack_from("<II", head, 20)
        rest = f.read(hlen - 28)
    names, off = [], 0
    try:
        n, = struct.unpack_from("<I", rest, off)    # source file name
        off += 4 + n
        for i in range(k):
            n, = struct.unpack_from("<I", rest, off)
            names.append(rest[off + 4:off + 4 + n].decode("utf-8", "surrogateescape") or "key%d" % (i + 1))
            off += 4 + n
    except struct.error:
        return ["key%d" % (i + 1) for i in range(k)]
    return names


class Comparison:
    """The result of :func:`compare` or :func:`fast_intersect`.

    It owns a private temporary directory with the sorted key streams, which
    :meth:`matrix` and :meth:`changed` read again; :meth:`close` (or leaving
    a ``with`` block, or the object being garbage collected) removes it.
    ``summary`` (and ``c["keys"]``, ``c["subsets"]``...) stays usable after
    close().

    Attributes: ``summary``, the parsed ``vi-presence --summary --json``
    (keys: files, keys, in_all, changed, differ, key_fields, subsets,
    per_file; see vi-presence(1); an input's ``path`` there is the name of
    its key stream in that directory, ``0.keys``, ``1.keys``...);
    ``names``, the input labels; ``key_names``, the key column names;
    ``shards``, the number of hash shards the key streams are cut in (1
    unless ``compare(..., shards=N)``).
    """

    def __init__(self, tmpdir):
        self._tmpdir = tmpdir
        self._finalizer = weakref.finalize(self, shutil.rmtree, tmpdir, ignore_errors=True)
        self._shards = []           # per shard, the key streams of the inputs
        self._names_args = []
        self.summary = None
        self.names = None
        self.key_names = None

    @property
    def shards(self):
        return len(self._shards)

    def _load(self, files, names):
        """The summary of the key streams ``files``, all in the Comparison's
        directory (vi-presence runs there, on their base names)."""
        self._names_args = ["--names", ",".join(names)] if names else []
        out = capture("vi-presence", ["--summary", "--json"] + self._names_args
                      + [os.path.basename(f) for f in files], cwd=self._tmpdir)
        self._set(json.loads(out), [list(files)])

    def _set(self, summary, shards):
        self._shards = shards
        self.summary = summary
        self.names = tuple(self.summary["files"])
        k = self.summary["key_fields"]
        self.key_names = tuple(_key_names(shards[0][0]) or ["key%d" % (i + 1) for i in range(k)])

    # The summary, dict-like.
    def __getitem__(self, name):
        return self.summary[name]

    def __contains__(self, name):
        return name in self.summary

    def keys(self):
        return self.summary.keys()

    def __repr__(self):
        s = self.summary or {}
        return "<Comparison of %s: %s keys, %s in all, %s changed%s>" % (
            ", ".join(self.names or ()), s.get("keys"), s.get("in_all"), s.get("changed"),
            "" if self._finalizer.alive else ", closed")

    def venn(self):
        """The Venn (UpSet) regions: ``{frozenset(names): number of keys}``
        for every region that has keys."""
        return {frozenset(r["files"]): r["keys"] for r in self.summary["subsets"]}

    # The key streams.
    def close(self):
        """Remove the temporary key streams.  Idempotent."""
        self._finalizer()

    @property
    def closed(self):
        return not self._finalizer.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _shard_lines(self, args, files):
        for line in stream_lines("vi-presence", args + ["--json"] + self._names_args + files):
            obj = json.loads(line)
            key = obj["key"]
            if obj.get("escaped"):
                key = [_unescape(f) for f in key]
            yield tuple(key), obj

    def _json_lines(self, args):
        """``(key, object)`` per line of vi-presence's JSON matrix, in key
        order.  Over hash shards, one vi-presence per shard, their lines
        merged by key (a key is in one shard only): the order of the key
        stream, the escaped bytes field by field (see vi-keys(5))."""
        if self.closed:
            raise ValueError("the Comparison is closed")
        if len(self._shards) == 1:
            yield from self._shard_lines(args, self._shards[0])
            return
        gens = [self._shard_lines(args, files) for files in self._shards]
        try:
            yield from heapq.merge(*gens, key=lambda ko: [_escape(f) for f in ko[0]])
        finally:
            for g in gens:      # stops the vi-presence still running
                g.close()

    def matrix(self, missing=False):
        """Iterate the presence matrix in key order, one ``(key, present)``
        per distinct key: the tuple of key fields (str; bytes that are not
        UTF-8 come back as surrogate escapes) and a tuple with 0 or 1 per
        input.  With ``missing=True``, only the keys not in every input.
        Streamed from vi-presence: memory stays flat.  Breaking out of the
        loop stops vi-presence; a failure raises ToolError at the end."""
        args = ["--matrix"] + (["--missing"] if missing else [])
        for key, obj in self._json_lines(args):
            yield key, tuple(obj["present"])

    def changed(self):
        """Iterate the changed keys (in at least two inputs, with different
        rows), as :class:`Changed` ``(key, present, rows)`` tuples with the
        source row numbers per input.  Needs row hashes: on a Comparison
        from :func:`fast_intersect` it raises ToolError (status 65)."""
        for key, obj in self._json_lines(["--changed"]):
            yield Changed(key, tuple(obj["present"]), tuple(tuple(r) for r in obj["rows"]))

    def matrix_frame(self, missing=False):
        """The presence matrix as a pandas DataFrame: the key columns
        (``key_names``) as strings, then one 0/1 column per input (``names``).
        Imports pandas, which only this method needs; the frame is in
        memory, unlike :meth:`matrix`."""
        import pandas as pd
        cols = list(self.key_names) + list(self.names)
        frame = pd.DataFrame.from_records((k + p for k, p in self.matrix(missing)),
                                          columns=cols)
        k = len(self.key_names)
        if len(frame):
            frame = frame.astype({c: "int8" for c in cols[k:]})
        else:
            frame = frame.astype({c: "object" for c in cols[:k]} | {c: "int8" for c in cols[k:]})
        return frame


def _start_keys(path, key, out, budget, tmpdir):
    def start(p):
        p.add(Stage("vi-keys", ["-b", "-s", "-S", budget, "-T", tmpdir,
                                "-o", out, "-k", key, path],
                    stdout=subprocess.DEVNULL))
    return start


def _compare_shards(cmp, files, key, names, budget, jobs, shards, client):
    """The sharded plan, into ``cmp``'s directory: per input and shard K,
    ``vi-keys -b -s --shard K/N`` into shard-K/I.keys; per shard,
    ``vi-presence --summary --json`` there; then, here,
    ``vi-presence --merge-summaries --json`` over the shards' summaries.
    Run as subprocesses, ``jobs`` pipelines at a time, or as tasks via
    ``client``."""
    bindir, cwd = tool_dir(), os.getcwd()
    names_args = ["--names", ",".join(names)] if names else []
    streams = ["%d.keys" % i for i in range(len(files))]
    dirs = [os.path.join(cmp._tmpdir, "shard-%d" % k) for k in range(1, shards + 1)]
    for d in dirs:
        os.mkdir(d)
    if client is None:
        run_pipelines([_tasks.start_shard_keys(bindir, cwd, f, key, k, shards,
                                               os.path.join(d, s), budget)
                       for k, d in enumerate(dirs, 1) for f, s in zip(files, streams)], jobs)
        summaries = [_tasks.shard_summary_task(bindir, d, names_args, streams) for d in dirs]
    else:
        runner = _tasks.ClientRunner(client)
        try:
            futures = []
            for k, d in enumerate(dirs, 1):
                deps = [runner.submit(_tasks.shard_keys_task, bindir, cwd, f, key, k, shards,
                                      os.path.join(d, s), budget)
                        for f, s in zip(files, streams)]
                futures.append(runner.submit(_tasks.shard_summary_task, bindir, d, names_args,
                                             streams, *deps))
            summaries = runner.gather(futures)
        finally:
            runner.cancel()
    paths = []
    for k, text in enumerate(summaries, 1):
        paths.append(os.path.join(cmp._tmpdir, "summary-%d.json" % k))
        with open(paths[-1], "w", encoding="utf-8") as f:
            f.write(text)
    merged = json.loads(capture("vi-presence", ["--merge-summaries", "--json"] + paths))
    cmp._names_args = names_args
    cmp._set(merged, [[os.path.join(d, s) for s in streams] for d in dirs])


def compare(files, key, names=None, budget="256M", jobs=None, shards=None, client=None,
            workdir=None):
    """Compare CSV files by a key.

    For each file, ``vi-keys -b -s -S BUDGET -k KEY FILE`` (the sorted key
    stream ``vi-keys | vi-sort`` writes) runs as a subprocess, at most
    ``jobs`` (default: the number of CPUs) at
    once, each into a private temporary directory; then
    ``vi-presence --summary --json`` compares the sorted streams.  ``key``
    is a vi-keys column list (``"region,date,id"``, ``"1-3"``) or a sequence
    of column names.  ``names`` labels the inputs (default: the file names
    without extension).  ``budget`` is the sort's memory budget per file
    (``jobs`` of them may run at once).

    Returns a :class:`Comparison`; use it as a context manager, or call
    close(), to remove its key streams as soon as you are done.  Any tool
    failing, in any stage, raises :class:`ToolError`; nothing is returned,
    and no child process or temporary file is left behind (also on
    KeyboardInterrupt).

    Over hash shards: with ``shards=N``, every file's keys are cut in N
    hash shards (``vi-keys -b --shard K/N``, K = 1..N), one sorted stream
    per file and shard; one ``vi-presence --summary --json`` per shard, and
    ``vi-presence --merge-summaries`` adds the N summaries up into the
    summary of the whole, byte for byte that of the unsharded run.
    :meth:`Comparison.matrix` and :meth:`~Comparison.changed` run one
    vi-presence per shard and merge their lines in key order, so they give
    the same lines in the same order too.  Without ``client`` the plan runs
    here, ``jobs`` pipelines at a time.

    On a Dask cluster: with ``client``, a ``distributed.Client``, and
    ``workdir``, a directory that this process and every worker see under
    the same path (the files too; relative file names are taken from this
    process's working directory), each (file, shard) pipeline is one task,
    and each shard's summary one task that depends on its file tasks; the
    summaries are added up here.  ``shards`` defaults to the number of
    threads of the cluster.  The tasks write the key streams into a
    directory of ``workdir`` (the Comparison's, removed by close()) under
    temporary names renamed when complete, so a task retried after its
    worker died gives the same answer; only file names and the summaries
    (small JSON) go through the scheduler.  Tasks are submitted with
    ``pure=False, retries=2``; the first task failure raises (its
    ToolError), after the other tasks are cancelled (a task already
    running is not interrupted: Dask cannot stop a running function; what
    it writes goes to the removed directory, or fails).  ``distributed`` is
    not imported by this package: the client is only used.  ``workdir``
    without a client is where the Comparison's directory is made (default:
    that of :mod:`tempfile`).
    """
    files = [os.fspath(f) for f in files]
    if len(files) < 2:
        raise ValueError("compare() needs at least two files")
    if not isinstance(key, str):
        key = ",".join(key)
    names = _check_names(names, len(files))
    jobs = max(1, jobs or os.cpu_count() or 1)
    if client is not None and workdir is None:
        raise ValueError("compare() with a client needs a workdir that the workers share")
    if shards is None and client is not None:
        shards = _tasks.nthreads(client)
    if shards is not None and (isinstance(shards, bool) or not isinstance(shards, int)
                               or shards < 1):
        raise ValueError("shards must be a positive int, not %r" % (shards,))
    workdir = os.path.abspath(os.fspath(workdir)) if workdir is not None else None
    cmp = Comparison(tempfile.mkdtemp(prefix="viewerit-", dir=workdir))
    try:
        if shards is not None:
            _compare_shards(cmp, files, key, names, str(budget), jobs, shards, client)
            return cmp
        outs = [os.path.join(cmp._tmpdir, "%d.keys" % i) for i in range(len(files))]
        run_pipelines([_start_keys(f, key, o, str(budget), cmp._tmpdir)
                       for f, o in zip(files, outs)], jobs)
        cmp._load(outs, names)
        return cmp
    except BaseException:
        cmp.close()
        raise


class _Fields:
    """The number of key fields, the same in every key of every list."""

    def __init__(self):
        self.lock = threading.Lock()
        self.n = None

    def check(self, n, where):
        if n == 0:
            raise ValueError("%s: a key has at least one field" % where)
        with self.lock:
            if self.n is None:
                self.n = n
        if n != self.n:
            raise ValueError("%s: %d key fields, other keys have %d" % (where, n, self.n))


class _Writer(threading.Thread):
    """Feeds one key list to vi-sort as a text key stream (vi-keys(5)):
    ``KEY1 TAB ... KEYk TAB -:ROWNUM``, ROWNUM the 1-based position in the
    list.  Written in 64 KiB chunks from the iterable, never all at once."""

    def __init__(self, keys, stage, fields, label):
        super().__init__(daemon=True, name="viewerit-writer-" + label)
        self.keys, self.stage, self.fields, self.label = keys, stage, fields, label
        self.exc = None

    def run(self):
        f = self.stage.proc.stdin
        try:
            buf, size = [], 0
            for row, key in enumerate(self.keys, 1):
                if isinstance(key, (str, bytes, bytearray)):
                    line = _escape(key)
                    self.fields.check(1, "%s, key %d" % (self.label, row))
                else:
                    try:
                        key = tuple(key)
                    except TypeError:
                        raise TypeError("%s, key %d: a key is a str or a tuple of str, not %s"
                                        % (self.label, row, type(key).__name__)) from None
                    self.fields.check(len(key), "%s, key %d" % (self.label, row))
                    line = b"\t".join(_escape(x) for x in key)
                line += b"\t-:%d\n" % row
                buf.append(line)
                size += len(line)
                if size >= 65536:
                    f.write(b"".join(buf))
                    buf, size = [], 0
            f.write(b"".join(buf))
        except BaseException as e:   # also KeyboardInterrupt from a generator
            self.exc = e
            if not isinstance(e, BrokenPipeError):
                # vi-sort must not take what was written for a whole list.
                self.stage.proc.kill()
        finally:
            try:
                f.close()
            except OSError:
                pass


def _start_list(keys, out, budget, tmpdir, fields, label):
    def start(p):
        # --allow-empty: an empty list is a complete empty stream here; the
        # output is binary, so vi-presence gets a stream with an end record.
        s = p.add(Stage("vi-sort", ["--allow-empty", "-f", "binary", "-S", budget,
                                    "-T", tmpdir, "-o", out],
                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL))
        p.writer = _Writer(keys, s, fields, label)
        p.writer.start()
    return start


def fast_intersect(key_lists, names=None, budget="256M", jobs=None):
    """Compare in-memory key lists.

    ``key_lists`` is a sequence of iterables (or a mapping from names to
    iterables) of keys; a key is a str, or a tuple of str for a composite
    key (bytes are accepted too), the same number of fields everywhere.
    Each iterable is streamed by a thread, in the text key stream format of
    vi-keys(5), into its own ``vi-sort``, so a generator is never held in
    memory.  Keys are compared by their UTF-8 bytes.  Duplicates are
    counted, not collapsed (``summary["per_file"]``).  ``names`` defaults
    to ``"1"``, ``"2"``, ...

    Returns a :class:`Comparison` (``fast_intersect(lists)["subsets"]``,
    ``.venn()``, ``.matrix()``); it has no row hashes, so ``changed`` is
    None and :meth:`Comparison.changed` is an error.  A tool failure raises
    :class:`ToolError`; a bad key raises TypeError or ValueError.
    """
    if hasattr(key_lists, "keys") and hasattr(key_lists, "values"):
        if names is None:
            names = list(key_lists.keys())
        key_lists = list(key_lists.values())
    else:
        key_lists = list(key_lists)
    if len(key_lists) < 2:
        raise ValueError("fast_intersect() needs at least two key lists")
    names = _check_names(names, len(key_lists)) or [str(i + 1) for i in range(len(key_lists))]
    jobs = max(1, jobs or os.cpu_count() or 1)
    fields = _Fields()
    cmp = Comparison(tempfile.mkdtemp(prefix="viewerit-"))
    try:
        outs = [os.path.join(cmp._tmpdir, "%d.keys" % i) for i in range(len(key_lists))]
        run_pipelines([_start_list(k, o, str(budget), cmp._tmpdir, fields, n)
                       for k, o, n in zip(key_lists, outs, names)], jobs)
        cmp._load(outs, names)
        return cmp
    except BaseException:
        cmp.close()
        raise
