"""One dose guidance (models.routine.DOSE) for the routine builder and the progress report."""

from __future__ import annotations

import datetime as dt

from hipcourse.models import journal as J
from hipcourse.models import routine as R
from hipcourse.models.routine import DOSE


def test_the_guidance_states_the_evidence():
    assert DOSE.hold_range_s == (10, 30) and DOSE.older_hold_range_s == (30, 60)
    assert DOSE.per_stretch_s == 60
    assert DOSE.weekly_min_per_group == 5 and DOSE.days_per_week == 5  # Thomas et al. 2018
    assert DOSE.acsm_minimum_min == 2 and DOSE.weekly_band_min == (5, 7)
    assert "Thomas et al. 2018" in DOSE.source and "Int J Sports Med" in R.DoseGuidance.__doc__


def test_the_builder_takes_its_holds_from_the_guidance():
    for older in (False, True):
        r = R.build_routine(R.RoutineRequest(minutes=30, older_adult=older))
        lo, hi = DOSE.older_hold_range_s if older else DOSE.hold_range_s
        assert all(lo <= s.hold_s <= hi and s.reps <= DOSE.max_reps for s in r.steps)
        working = [s for s in r.steps if s.role != "preparation"]
        assert all(s.stretch_s >= DOSE.per_stretch_s for s in working)


def test_days_needed_and_the_weekly_plan():
    assert DOSE.days_needed(60) == 5  # 5 x 60 s = 5 min
    assert DOSE.days_needed(120) == 5  # never fewer than 5 days
    assert DOSE.days_needed(50) == 6  # 6 x 50 s = 5 min
    assert DOSE.days_needed(30) is None  # even daily: 3.5 min
    assert DOSE.days_needed(0) is None
    r = R.build_routine(R.RoutineRequest(minutes=10, focus=("hamstrings",)))
    assert r.weekly_plan() == {"hamstrings": DOSE.days_needed(r.dose().per_group_s["hamstrings"])}


def _session(day: dt.date, routine: dict, n: int) -> J.SessionRecord:
    return J.SessionRecord(n, "", day, routine, tuple(range(1, len(routine["steps"]) + 1)))


def test_the_progress_report_judges_weeks_with_the_same_guidance():
    routine = {
        "total_s": 300,
        "steps": [
            {
                "stretch_id": "hamstring-supine-strap",
                "group": "hamstrings",
                "side": "both",
                "hold_s": 30,
                "reps": 2,
                "reason": "test",
            }
        ],
    }  # 60 s per side a session
    monday = dt.date(2025, 3, 3)
    five = [_session(monday + dt.timedelta(days=i), routine, i) for i in range(5)]
    two_long = [
        _session(monday + dt.timedelta(days=7 + i), routine, 10 + i) for i in (0, 0, 0, 1, 1)
    ]
    weeks = J.weekly_dose(five + two_long)
    assert [w["days"] for w in weeks] == [5, 2]
    assert weeks[0]["minutes"]["hamstrings"] == 5 and weeks[0]["met"]["hamstrings"]
    # the same 5 minutes crammed into 2 days miss the "at least 5 days" part
    assert weeks[1]["minutes"]["hamstrings"] == 5 and not weeks[1]["met"]["hamstrings"]
    assert not weeks[0]["met"]["glutes"]
    data = J.progress([], five + two_long)
    assert data["dose_guidance"]["weekly_min_per_group"] == DOSE.weekly_min_per_group
    assert [w["met"]["hamstrings"] for w in data["weekly_dose"]] == [True, False]
