"""A fixed demo journal for the lessons (never a learner's real journal)."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from hipcourse.models.journal.records import JournalError
from hipcourse.models.journal.store import Journal

# --------------------------------------------------------------------------- demo journal
#: The demo journal's first day (a Monday); fixed so lesson outputs never change.
DEMO_START = _dt.date(2025, 3, 3)

# (test, left, right) on weeks 0, 3 and 6: a learner who stretches 2-3 times a week.
_DEMO_TESTS = (
    ("straight-leg-raise", (62, 58), (67, 64), (74, 70)),
    ("active-knee-extension", (46, 49), (41, 44), (35, 38)),
    ("thomas-thigh-angle", (8, 11), (5, 7), (2, 4)),
    ("thomas-knee-angle", (57, 54), (61, 59), (66, 63)),
    ("prone-heel-to-buttock", (12, 14), (10, 12), (8, 9)),
    ("faber-distance", (17, 13), (16, 13), (15, 12)),
    ("supine-abduction", (28, 31), (32, 33), (36, 37)),
)
# Session days: offsets from DEMO_START (week 4 missed: a busy week).
_DEMO_DAYS = (0, 2, 5, 7, 9, 14, 16, 18, 21, 23, 35, 37, 39, 42)


def demo_routine() -> dict:
    """A fixed 14-minute focused routine over the five groups (demo data)."""
    steps = [
        ("hamstring-supine-strap", "hamstrings", "both", 30, 2),
        ("hamstring-chair-hinge", "hamstrings", "both", 30, 1),
        ("quad-side-lying", "quadriceps", "both", 30, 2),
        ("glute-chair-figure-four", "glutes", "both", 30, 2),
        ("hip-flexor-half-kneeling", "hip-flexors", "both", 30, 2),
        ("groin-butterfly", "groin", "together", 30, 2),
    ]
    return {
        "total_s": 840,
        "steps": [
            {
                "stretch_id": sid,
                "group": g,
                "side": side,
                "hold_s": hold,
                "reps": reps,
                "reason": "demo routine",
            }
            for sid, g, side, hold, reps in steps
        ],
    }


def seed_demo(journal: Journal) -> Journal:
    """Fill an empty journal with fixed example data (six weeks from :data:`DEMO_START`).

    Never use it on a learner's real journal: it refuses a journal that has records.
    """
    if any(journal.counts().values()):
        raise JournalError(
            f"journal {journal.path} already has records; the demo data goes "
            "only into an empty (temporary) journal"
        )
    day = _dt.timedelta(days=1)
    for week, col in ((0, 1), (3, 2), (6, 3)):
        for test, *vals in _DEMO_TESTS:
            left, right = vals[col - 1]
            for side, v in (("left", left), ("right", right)):
                journal.add_assessment(test, side, v, date=DEMO_START + 7 * week * day)
    journal.add_assessment("thomas-picture", "left", 1, date=DEMO_START)
    journal.add_assessment("thomas-picture", "right", 1, date=DEMO_START)
    routine = demo_routine()
    n = len(routine["steps"])
    for i, offset in enumerate(_DEMO_DAYS):
        done = list(range(1, n + 1)) if i % 4 != 3 else list(range(1, n - 1))
        journal.add_session(
            routine, done, felt=4 + (i % 3), notes="", date=DEMO_START + offset * day
        )
    return journal


def demo_journal(folder: str | os.PathLike) -> Journal:
    """A new journal in ``folder`` (use a temporary folder) seeded with the demo data."""
    path = Path(folder) / "demo-journal.sqlite3"
    if path.exists():
        raise JournalError(f"{path} exists; the demo journal is created fresh in a new folder")
    return seed_demo(Journal(path))
