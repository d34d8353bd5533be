"""What a build reports: one :class:`LessonResult` per lesson, the :class:`BuildResult`,
and the terminal :class:`Progress` line."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from hipcourse.build.common import first_line


@dataclass
class LessonResult:
    """What the build did with one notebook."""

    stem: str
    status: str  # "executed", "unchanged" or "failed"
    seconds: float = 0.0
    error: str = ""
    failed_cell: int | None = None  # 1-based position of the failing cell in the notebook
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # kind -> path relative to out_dir
    fingerprint: str = ""


@dataclass
class BuildResult:
    """The outcome of :func:`build`; ``ok`` is False when any lesson failed."""

    lessons: list[LessonResult]
    out_dir: Path
    seconds: float
    jobs: int
    index: Path | None = None
    student_dir: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def _with(self, status: str) -> list[str]:
        return [r.stem for r in self.lessons if r.status == status]

    @property
    def executed(self) -> list[str]:
        return self._with("executed")

    @property
    def unchanged(self) -> list[str]:
        return self._with("unchanged")

    @property
    def failed(self) -> list[str]:
        return self._with("failed")

    def summary(self) -> str:
        """A few lines for the terminal: counts, where the files are, failures, warnings."""
        n = len(self.lessons)
        lines = [
            f"hipcourse build: {n} lesson{'s' if n != 1 else ''} in {self.seconds:.1f} s: "
            f"{len(self.executed)} executed, {len(self.unchanged)} unchanged, "
            f"{len(self.failed)} failed ({self.jobs} worker{'s' if self.jobs != 1 else ''})"
        ]
        if self.index is not None:
            lines.append(f"  start page: {self.index}")
        for r in self.lessons:
            if r.status == "failed":
                lines.append(f"  FAILED {r.stem}.ipynb: {r.error}")
        for r in self.lessons:
            lines.extend(f"  warning: {r.stem}: {w}" for w in r.warnings)
        lines.extend(f"  {note}" for note in self.notes)
        return "\n".join(lines)


class Progress:
    """A one-line progress bar on a terminal; one plain line per lesson otherwise."""

    def __init__(self, total: int, stream: TextIO, tty: bool | None = None):
        self.total, self.done, self.stream = total, 0, stream
        self.tty = stream.isatty() if tty is None else tty
        self.t0 = time.perf_counter()
        self.running: list[str] = []
        self._lock = threading.Lock()

    def _line(self) -> str:
        width = max(40, shutil.get_terminal_size((100, 20)).columns - 1)
        n = 24
        fill = int(n * self.done / self.total) if self.total else n
        text = (
            f"[{'#' * fill}{'.' * (n - fill)}] {self.done}/{self.total} "
            f"{time.perf_counter() - self.t0:5.1f} s"
        )
        if self.running:
            text += "  running: " + ", ".join(self.running)
        return text[:width]

    def draw(self) -> None:
        if self.tty and self.total:
            with self._lock:
                self.stream.write("\r\033[K" + self._line())
                self.stream.flush()

    def start(self, stem: str) -> None:
        with self._lock:
            self.running.append(stem)
        self.draw()

    def finish(self, r: LessonResult) -> None:
        with self._lock:
            self.done += 1
            if r.stem in self.running:
                self.running.remove(r.stem)
            what = {
                "executed": f"executed in {r.seconds:.1f} s",
                "unchanged": "unchanged" + (" (PDF printed)" if "pdf" in r.outputs else ""),
                "failed": f"FAILED ({first_line(r.error, 120)})",
            }[r.status]
            line = f"[{self.done}/{self.total}] {r.stem}: {what}"
            if self.tty:
                self.stream.write("\r\033[K" + line + "\n")
            else:
                self.stream.write(line + "\n")
            self.stream.flush()
        self.draw()

    def close(self) -> None:
        if self.tty and self.total:
            self.stream.write("\r\033[K")
            self.stream.flush()
