"""Running a lesson: nbclient in a fresh kernel; a failure names its cell and line."""

from __future__ import annotations

import re
from pathlib import Path

from hipcourse.build.common import cell_source, first_line


class NotebookFailure(Exception):
    """A notebook could not be read or executed; the message names the cell."""

    def __init__(self, message: str, cell: int | None = None):
        super().__init__(message)
        self.cell = cell


def execute_notebook(nb, nb_dir: Path, *, timeout_s: int = 600, name: str = "notebook"):
    """Execute ``nb`` in place (in memory) in a fresh kernel; raise :class:`NotebookFailure`
    naming the cell on any error."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    kernel_name = (nb.metadata.get("kernelspec") or {}).get("name") or "python3"
    current = {"index": None}

    def on_cell_start(cell, cell_index, **_):
        current["index"] = cell_index

    # "immediate" shutdown: a graceful one waits ~3.5 s for ipykernel to exit in about
    # one run in four here; the build has nothing to save in the kernel.
    client = NotebookClient(
        nb,
        timeout=timeout_s,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(nb_dir)}},
        record_timing=False,
        allow_errors=False,
        shutdown_kernel="immediate",
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        on_cell_start=on_cell_start,
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        raise NotebookFailure(
            _describe_failure(
                nb,
                current["index"],
                name,
                f"{exc.ename}: {exc.evalue}",
                _failing_line(exc.traceback),
            ),
            _cell_number(current["index"]),
        ) from None
    except CellTimeoutError:
        raise NotebookFailure(
            _describe_failure(nb, current["index"], name, f"timed out after {timeout_s} s"),
            _cell_number(current["index"]),
        ) from None
    except DeadKernelError as exc:
        raise NotebookFailure(
            _describe_failure(nb, current["index"], name, f"the kernel died ({exc})"),
            _cell_number(current["index"]),
        ) from None
    except Exception as exc:  # kernel not found, kernel start failure, ...
        raise NotebookFailure(f"could not run the notebook: {type(exc).__name__}: {exc}") from None
    return nb


def _cell_number(index: int | None) -> int | None:
    return None if index is None else index + 1


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _failing_line(traceback: str) -> str:
    """The line IPython marks with an arrow in the failing cell ("----> 2 f(x)"), or ""."""
    lines = _ANSI.sub("", traceback or "").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Cell In["):
            for nxt in lines[i + 1 :]:
                m = re.match(r"^-+> ?(\d+)\s(.*)$", nxt)
                if m:
                    return f"line {m.group(1)}: {m.group(2).strip()}"
            break
    return ""


def _describe_failure(nb, index: int | None, name: str, what: str, line: str = "") -> str:
    if index is None:
        return f"{name}: {what}"
    cell = nb.cells[index]
    count = cell.get("execution_count")
    run = f", execution [{count}]" if count else ""
    where = line or first_line(cell_source(cell))
    return f"cell {index + 1} of {len(nb.cells)}{run}: {what}\n      in: {first_line(where, 100)}"
