"""viewerit_core: the ViewerIt core tools (vi-keys, vi-sort, vi-presence,
vi-diff, vi-stats, vi-validate) from Python.

A thin shell: the work is done by the C tools, run as subprocesses; this
package only wires them together, checks every exit status and parses their
JSON.  Standard library only; pandas is imported only by
:meth:`Comparison.matrix_frame`.

    >>> from viewerit_core import compare
    >>> with compare(["crm.csv", "billing.csv"], "region,date,id") as c:
    ...     print(c["keys"], c.venn())

The tools are taken from ``$VIEWERIT_BIN``, else from the build/ directory
of the clone this package is in, else from ``PATH``.  Every tool failure
raises :class:`ToolError` (tool, status, stderr).

Scaling out: ``compare(..., shards=N)`` and ``profile(..., parts=N)`` cut
the work in hash shards or byte ranges whose results the tools add up
exactly; with ``client=`` (a ``distributed.Client``) and ``workdir=`` (a
directory the workers share) each piece is a Dask task.  This package never
imports ``distributed`` itself.
"""

from ._run import ToolError, tool_path
from .compare import Changed, Comparison, compare, fast_intersect
from .reconcile import Reconciliation, reconcile, reconcile_summary
from .profile import infer_schema, profile, profile_many
from .validate import ValidationReport, validate

__version__ = "0.1.0"

__all__ = ["Changed", "Comparison", "ToolError", "ValidationReport", "compare",
           "fast_intersect", "infer_schema", "profile", "profile_many", "reconcile",
           "reconcile_summary", "Reconciliation", "tool_path", "validate"]
