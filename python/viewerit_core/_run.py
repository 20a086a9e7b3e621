"""Finding the vi-* tools and running them.

Every child is started from an argument list (never a shell), with its
standard input closed unless it is fed, and with its standard error sent to
an anonymous temporary file, so a chatty tool can never block on a full
pipe and nothing is left on disk whatever happens.  A stage is always
waited for; a pipeline's stages are all waited for and all their exit
statuses are checked, not only the last one.
"""

import functools
import os
import shutil
import signal
import subprocess
import tempfile
import time

__all__ = ["ToolError", "tool_path"]

# How much of a tool's standard error a ToolError carries.
_STDERR_MAX = 1 << 20


class ToolError(Exception):
    """A vi-* tool failed.

    ``tool`` is the tool's name (``"vi-keys"``), ``status`` its exit status
    as :class:`subprocess.Popen` gives it (negative when it was killed by a
    signal: -9 for SIGKILL), and ``stderr`` the text it wrote on its standard
    error.  A tool that cannot be found or started has status 127 or 126.
    """

    def __init__(self, tool, status, stderr):
        super().__init__(tool, status, stderr)
        self.tool = tool
        self.status = status
        self.stderr = stderr

    def __str__(self):
        if self.status < 0:
            try:
                how = "killed by " + signal.Signals(-self.status).name
            except ValueError:
                how = "killed by signal %d" % -self.status
        else:
            how = "exit status %d" % self.status
        msg = self.stderr.strip()
        return "%s: %s%s" % (self.tool, how, ": " + msg if msg else "")


_HERE = os.path.dirname(os.path.abspath(__file__))
# In a clone, the package is python/viewerit_core and make builds into build/.
_BUILD = os.path.join(os.path.dirname(os.path.dirname(_HERE)), "build")


def _executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


@functools.lru_cache(maxsize=None)
def _find(name, env_bin):
    if env_bin:
        path = os.path.join(env_bin, name)
        if _executable(path):
            return path
        raise ToolError(name, 127, "%s: not found in $VIEWERIT_BIN (%s)" % (name, env_bin))
    path = os.path.join(_BUILD, name)
    if _executable(path):
        return path
    path = shutil.which(name)
    if path:
        return path
    raise ToolError(name, 127, "%s: not found: set VIEWERIT_BIN, run make "
                    "in the clone, or put the tools on PATH" % name)


def tool_path(name):
    """The path of tool ``name``: in ``$VIEWERIT_BIN`` if it is set, else in
    the clone's build/ directory next to this package, else on ``PATH``.
    Looked up once per value of ``$VIEWERIT_BIN``; raises :class:`ToolError`
    (status 127) when it is not there."""
    return _find(name, os.environ.get("VIEWERIT_BIN") or None)


def tool_dir():
    """The directory the tools are taken from (that of vi-keys, found as
    :func:`tool_path` finds it): what tasks on other machines are given, so
    that they run the same tools as the caller."""
    return os.path.dirname(os.path.abspath(tool_path("vi-keys")))


class Stage:
    """One running tool.  ``stdin`` and ``stdout`` are as for Popen; the
    tool is taken from ``bindir`` when it is given (a task on a worker),
    else found by :func:`tool_path`; ``cwd`` is its working directory."""

    def __init__(self, name, args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                 bindir=None, cwd=None):
        self.name = name
        self.err = tempfile.TemporaryFile()
        try:
            exe = os.path.join(bindir, name) if bindir else tool_path(name)
            self.proc = subprocess.Popen([exe] + [os.fspath(a) for a in args],
                                         stdin=stdin, stdout=stdout, stderr=self.err, cwd=cwd)
        except OSError as e:
            self.err.close()
            raise ToolError(name, 127 if isinstance(e, FileNotFoundError) else 126,
                            "%s: %s" % (name, e)) from None
        except BaseException:
            self.err.close()
            raise

    def stderr_text(self):
        self.err.seek(0)
        return self.err.read(_STDERR_MAX).decode("utf-8", "replace")

    def error(self):
        """A ToolError if the tool has ended with a non-zero status, else None."""
        rc = self.proc.returncode
        return None if rc == 0 or rc is None else ToolError(self.name, rc, self.stderr_text())

    def stop(self):
        """End the tool if it still runs, wait for it, release its pipes."""
        p = self.proc
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for f in (p.stdin, p.stdout):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass
        self.err.close()


class Pipeline:
    """Stages connected stdout to stdin, plus an optional writer thread that
    feeds the first stage (see :func:`viewerit_core.fast_intersect`).  The
    constructor takes a function that starts the stages one by one by calling
    ``add``; when it fails, the stages already started are stopped."""

    def __init__(self, start):
        self.stages = []
        self.writer = None  # a thread with .exc (None or the exception it caught)
        try:
            start(self)
        except BaseException:
            self.stop()
            raise

    def add(self, stage):
        self.stages.append(stage)
        return stage

    def done(self):
        if self.writer is not None and self.writer.is_alive():
            return False
        return all(s.proc.poll() is not None for s in self.stages)

    def error(self):
        """After done(): the exception the pipeline ends with, or None.

        A writer that failed on its own (a bad key) comes first.  Then the
        first stage, upstream first, that failed otherwise than by SIGPIPE:
        a producer killed by SIGPIPE only tells that its reader stopped, and
        the reader's own status says why.  A stage that ended 0 while its
        writer could not write everything is an error too."""
        wexc = self.writer.exc if self.writer is not None else None
        if wexc is not None and not isinstance(wexc, BrokenPipeError):
            return wexc
        failed = [s for s in self.stages if s.proc.returncode != 0]
        if failed:
            first = next((s for s in failed if s.proc.returncode != -signal.SIGPIPE), failed[0])
            return first.error()
        if wexc is not None:
            s = self.stages[0]
            return ToolError(s.name, 0, "%s: stopped reading its input" % s.name)
        return None

    def stop(self):
        """Stop every stage that still runs (upstream first) and wait for all."""
        for s in self.stages:
            s.stop()
        if self.writer is not None:
            self.writer.join(5)


def run_pipelines(starts, jobs):
    """Run the pipelines that the functions ``starts`` create, at most ``jobs``
    at a time, and return when all have ended well.  The first failure
    raises; then, as on any exception or KeyboardInterrupt, the pipelines
    still running are stopped and waited for before the exception goes on."""
    pending = list(starts)
    pending.reverse()
    running = []
    try:
        while pending or running:
            while pending and len(running) < jobs:
                running.append(Pipeline(pending.pop()))
            for p in [p for p in running if p.done()]:
                running.remove(p)
                err = p.error()
                p.stop()
                if err is not None:
                    raise err
            if running:
                time.sleep(0.01)
    finally:
        for p in running:
            p.stop()


def capture(name, args, ok=(0,), bindir=None, cwd=None):
    """Run one tool to the end and return its standard output (small outputs
    only: summaries, reports); raise ToolError unless its exit status is in
    ``ok``.  ``bindir`` and ``cwd`` as for :class:`Stage`."""
    s = Stage(name, args, bindir=bindir, cwd=cwd)
    try:
        out = s.proc.stdout.read()
        s.proc.wait()
        if s.proc.returncode not in ok:
            raise ToolError(name, s.proc.returncode, s.stderr_text())
        return out
    finally:
        s.stop()


def stream_lines(name, args, ok=(0,)):
    """Yield the lines of a tool's standard output as it writes them; at the
    end raise ToolError unless its status is in ``ok``.  Closing the
    generator early stops the tool."""
    s = Stage(name, args)
    try:
        for line in s.proc.stdout:
            yield line
        s.proc.wait()
        if s.proc.returncode not in ok:
            raise ToolError(name, s.proc.returncode, s.stderr_text())
    finally:
        s.stop()


def option_args(opts, allowed, what):
    """Turn keyword options into long options: ``no_header=True`` gives
    ``--no-header``, ``limit=100`` gives ``--limit 100``; False and None are
    left out.  Only the names in ``allowed`` are accepted (TypeError)."""
    args = []
    for k, v in opts.items():
        if k not in allowed:
            raise TypeError("%s() got an unexpected option %r (accepted: %s)"
                            % (what, k, ", ".join(sorted(allowed))))
        if v is None or v is False:
            continue
        args.append("--" + k.replace("_", "-"))
        if v is not True:
            args.append(str(v))
    return args


def column_list(spec):
    """A column selection for a tool's -k/--columns: a string is passed as
    it is (``"region,date,id"``, ``"1-3"``, ``"!note"``); a sequence is
    joined, each name in double quotes (so commas, dashes and digits in
    names are taken literally) and each int as a 1-based column number."""
    if isinstance(spec, str):
        return spec
    items = []
    for c in spec:
        if isinstance(c, int) and not isinstance(c, bool):
            items.append(str(c))
        else:
            items.append('"%s"' % str(c).replace('"', '""'))
    if not items:
        raise ValueError("an empty column list")
    return ",".join(items)
