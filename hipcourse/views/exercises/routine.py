"""Answer checks of the routine and progress lessons."""

from __future__ import annotations

from hipcourse.content.catalog import load_catalog
from hipcourse.models.restrictions import rules_out
from hipcourse.views.exercises.feedback import Feedback

# ---------------------------------------------------------------- routine / progress


# routine
def check_allowed_rungs(group: str, restrictions, answer) -> Feedback:
    """Which rungs of ``group``'s ladder does a set of restrictions leave? (lesson 08)

    The truth is what the routine builder uses: a restriction rules a stretch out by its
    tags or by its whole-body pose (:func:`hipcourse.models.restrictions.rules_out`, both
    sides checked).
    """
    from hipcourse.content.catalog import GROUP_IDS
    from hipcourse.kit.checks import choice, integer

    cat = load_catalog()
    choice("group", group, GROUP_IDS)
    restrictions = [restrictions] if isinstance(restrictions, str) else list(restrictions)
    rs = [
        cat.restriction(choice("restrictions", r, [x.id for x in cat.restrictions]))
        for r in restrictions
    ]
    ladder = cat.ladder(group)
    answer = [answer] if isinstance(answer, int) else list(answer)
    got = {integer("answer", a, 1, len(ladder)) for a in answer}
    why = {s.level: rules_out(s, rs) for s in ladder}
    truth = {lv for lv, w in why.items() if w is None}
    lines = "; ".join(
        f"rung {lv} ({ladder[lv - 1].name}): " + ("allowed" if w is None else w.split(": ", 1)[-1])
        for lv, w in why.items()
    )
    if got == truth:
        return Feedback(True, f"Rungs left: {sorted(truth) or 'none'}. {lines}.")
    parts = []
    if truth - got:
        parts.append(f"also allowed: {sorted(truth - got)}")
    if got - truth:
        parts.append(f"ruled out: {sorted(got - truth)}")
    return Feedback(
        False, "; ".join(parts) + ". Check each pose against the limits: " + lines + "."
    )


def check_step_time(
    answer_s, hold_s: int = 30, reps: int = 2, side: str = "both", get_ready_s: int = 10
) -> Feedback:
    """How long does one step of a routine take, get-ready pause included? (lesson 08)

    The truth is :attr:`hipcourse.models.routine.Step.duration_s`: the get-ready pause, every
    hold on every side, and a gap of ``GAP_S`` seconds between consecutive holds.
    """
    from hipcourse.kit.checks import choice, integer, number
    from hipcourse.models.routine import GAP_S, STEP_SIDES, Step

    step = Step(
        group="hamstrings",
        stretch_id="",
        side=choice("side", side, STEP_SIDES),
        hold_s=integer("hold_s", hold_s, 1, 600),
        reps=integer("reps", reps, 1, 20),
        reason="",
        level=1,
        position="standing",
        role="working",
        transition_s=integer("get_ready_s", get_ready_s, 0, 600),
    )
    answer_s = number("answer_s", answer_s, 0, unit="s")
    holds = step.n_sides * step.reps
    msg = (
        f"{step.transition_s} s to get ready + {holds} holds × {step.hold_s} s + "
        f"{holds - 1} gaps × {GAP_S} s (to release or switch sides) = {step.duration_s} s."
    )
    if answer_s == step.duration_s:
        return Feedback(True, msg)
    hint = (
        " Did you forget the gaps between holds?"
        if answer_s == step.duration_s - (holds - 1) * GAP_S
        else " Did you count both sides?"
        if step.n_sides == 2 and answer_s < step.duration_s
        else ""
    )
    return Feedback(False, msg + hint)


# progress
def check_starting_rung(results: dict, group: str, answer: int) -> Feedback:
    """Predict the starting rung the course suggests for ``group`` from self-test results.

    The truth comes from :func:`hipcourse.models.assessment.suggest`: the tighter side counts,
    and when several tests inform a group the lowest rung wins. The rules are the course's
    own rules of thumb, anchored on published cut-offs (see ``assessments.toml``).

    Parameters
    ----------
    results : dict
        ``{test_id: value}`` or ``{test_id: {"left": value, "right": value}}``.
    group : str
        A muscle-group id such as ``"hamstrings"``.
    answer : int
        The learner's predicted rung.
    """
    from hipcourse.content.catalog import GROUP_IDS
    from hipcourse.kit.checks import InputError, choice, integer
    from hipcourse.models.assessment import suggest

    choice("group", group, GROUP_IDS)
    sugg = suggest(results)
    if group not in sugg:
        raise InputError("results", results, f"at least one result of a test for {group}")
    s = sugg[group]
    answer = integer("answer", answer, 1, s.ladder_length)
    msg = (
        f"The suggestion is rung {s.level} of {s.ladder_length}: {s.reason}. "
        "For a test done on both legs the tighter leg decides, and when two tests inform "
        "the same group the lower rung wins: starting a rung too low costs little."
    )
    if answer > s.level:
        msg += " Your answer was higher: check which side is tighter."
    elif answer < s.level:
        msg += " Your answer was lower: work the rule through again with the tighter value."
    return Feedback(answer == s.level, msg)


def check_weekly_minutes(
    routine: dict, sessions_per_week: int, group: str, answer_min: float
) -> Feedback:
    """Minutes under stretch per side for ``group`` in a week of the same routine.

    Computed with :meth:`hipcourse.models.journal.SessionRecord.seconds_by_group` (hold x reps per
    completed step, per side) and compared with the weekly guidance of
    :data:`hipcourse.models.routine.DOSE` (at least 5 min per group a week, over at least 5
    days; Thomas et al. 2018, Int J Sports Med 39:243).
    Within 0.1 min counts as right.
    """
    import datetime as _dt

    from hipcourse.content.catalog import GROUP_IDS
    from hipcourse.kit.checks import choice, integer, number
    from hipcourse.models.journal import SessionRecord, check_routine
    from hipcourse.models.routine import DOSE as dose

    routine = check_routine(routine)
    k = integer("sessions_per_week", sessions_per_week, 0, 21)
    choice("group", group, GROUP_IDS)
    answer = number("answer_min", answer_min, 0, None, unit="min")
    done = tuple(range(1, len(routine["steps"]) + 1))
    one = SessionRecord(0, "", _dt.date(2000, 1, 1), routine, done).seconds_by_group()
    truth = k * one.get(group, 0.0) / 60.0
    verdict = "meets" if truth >= dose.weekly_min_per_group else "falls short of"
    msg = (
        f"One session gives {group} {one.get(group, 0.0):g} s per side (hold x reps of each "
        f"{group} step), so {k} session(s) give {truth:.1f} min per side a week. That "
        f"{verdict} the guidance of at least {dose.weekly_min_per_group:g} min a week, "
        f"spread over at least {dose.days_per_week} days (Thomas et al. 2018); ACSM's "
        f"minimum is {dose.acsm_minimum_min:g} min (2 days of about 60 s)."
    )
    return Feedback(abs(answer - truth) <= 0.1, msg)
