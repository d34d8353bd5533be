"""Progress from records (pure): sessions and minutes under stretch per week."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from hipcourse.content.catalog import GROUP_IDS
from hipcourse.models.journal.records import AssessmentRecord, SessionRecord
from hipcourse.models.routine import DOSE


# --------------------------------------------------------------------------- progress (pure)
def week_start(d: _dt.date) -> _dt.date:
    """The Monday of ``d``'s week."""
    return d - _dt.timedelta(days=d.weekday())


def _weeks(first: _dt.date, last: _dt.date) -> list[_dt.date]:
    w, end, out = week_start(first), week_start(last), []
    while w <= end:
        out.append(w)
        w += _dt.timedelta(days=7)
    return out


def sessions_per_day(sessions: Iterable[SessionRecord]) -> dict[_dt.date, int]:
    """``{date: number of sessions}``."""
    out: dict[_dt.date, int] = {}
    for s in sessions:
        out[s.date] = out.get(s.date, 0) + 1
    return dict(sorted(out.items()))


def sessions_per_week(sessions: Iterable[SessionRecord]) -> list[tuple[_dt.date, int]]:
    """``[(Monday, sessions that week)]`` from the first to the last week, empty weeks
    included."""
    days = sessions_per_day(sessions)
    if not days:
        return []
    counts = {w: 0 for w in _weeks(min(days), max(days))}
    for d, k in days.items():
        counts[week_start(d)] += k
    return list(counts.items())


def minutes_per_week(sessions: Iterable[SessionRecord]) -> list[tuple[_dt.date, dict[str, float]]]:
    """``[(Monday, {group: minutes under stretch})]`` per week, empty weeks included.

    Minutes are per side, from each session's :meth:`SessionRecord.dose` (the routine
    model's dose of the steps done); every group is present in every week (0.0 when not
    stretched).
    """
    sessions = list(sessions)
    if not sessions:
        return []
    weeks = {
        w: {g: 0.0 for g in GROUP_IDS}
        for w in _weeks(min(s.date for s in sessions), max(s.date for s in sessions))
    }
    for s in sessions:
        for g, minutes in s.dose().per_group_min().items():
            weeks[week_start(s.date)][g] += minutes
    return list(weeks.items())


def weekly_dose(sessions: Iterable[SessionRecord]) -> list[dict]:
    """Each week against the course's dose guidance (:data:`hipcourse.models.routine.DOSE`,
    the same object the routine builder uses): days with a session, minutes per group
    (per side) and, per group, whether the week met the guidance (at least 5 min, over at
    least 5 days; Thomas et al. 2018).

    Returns
    -------
    list of dict
        ``{"week": Monday (date), "days": int, "minutes": {group: min}, "met": {group: bool}}``
        from the first to the last week, empty weeks included.
    """
    sessions = list(sessions)
    days: dict[_dt.date, set] = {}
    for s in sessions:
        days.setdefault(week_start(s.date), set()).add(s.date)
    out = []
    for w, mins in minutes_per_week(sessions):
        n = len(days.get(w, ()))
        out.append({"week": w, "days": n, "minutes": mins, "met": DOSE.week_met(mins, n)})
    return out


def progress(assessments: Iterable[AssessmentRecord], sessions: Iterable[SessionRecord]) -> dict:
    """A JSON-ready overview (the ``hipcourse progress --json`` format)."""
    from hipcourse.models.assessment import progress_summary, suggest

    assessments, sessions = list(assessments), list(sessions)
    sugg = suggest(assessments) if assessments else {}
    return {
        "summary": progress_summary(assessments),
        "levels": {g: s.level for g, s in sugg.items()},
        "level_reasons": {g: s.reason for g, s in sugg.items()},
        "sessions_per_week": [
            {"week": w.isoformat(), "sessions": k} for w, k in sessions_per_week(sessions)
        ],
        "minutes_per_week": [
            {"week": w.isoformat(), "minutes": {g: round(m, 2) for g, m in mins.items()}}
            for w, mins in minutes_per_week(sessions)
        ],
        "weekly_dose": [
            {"week": d["week"].isoformat(), "days": d["days"], "met": d["met"]}
            for d in weekly_dose(sessions)
        ],
        "dose_guidance": DOSE.to_dict(),
        "counts": {"assessments": len(assessments), "sessions": len(sessions)},
    }
