"""Answer checks of the muscle-group lessons (self-tests, pose changes, rungs)."""

from __future__ import annotations

from hipcourse.content.catalog import load_catalog
from hipcourse.views.exercises.feedback import Feedback

# ---------------------------------------------------------------- muscle-group lessons


# part 1: lessons 03 (hamstrings), 04 (quadriceps) and 06 (hip flexors)
def check_self_test(test_id: str, value, answer: str) -> Feedback:
    """Is a self-test result inside the published normal range, or on the tight side?

    The range, its source and how well it is supported come from the self-test's data
    (``assessments.toml``), e.g. active knee extension within 20 deg of straight (Lim 2023,
    J Korean Phys Ther Sci 30:31); the card's status says when a range is only one study's
    figures or the course's own guide. A result beyond the flexible end of a two-sided
    range counts as ``"normal"`` (it is not tight).

    Parameters
    ----------
    test_id : str
        A self-test id such as ``"straight-leg-raise"``.
    value : float
        The result, in the test's unit (degrees, centimetres or a picture number).
    answer : {"normal", "tight"}
        The learner's verdict.
    """
    from hipcourse.kit.checks import choice
    from hipcourse.models.assessment import load_tests, suggest

    t = load_tests().test(test_id)
    v = t.check_value(value)
    answer = choice("answer", answer, ("normal", "tight"))
    n = t.normal
    worse_end = n.low if t.better == "higher" else n.high
    if worse_end is None:
        tight = False
    else:
        tight = v < worse_end if t.better == "higher" else v > worse_end
    truth = "tight" if tight else "normal"
    caveat = f" Note: this range is {n.caveat}." if n.caveat else ""
    s = suggest({t.id: v})[t.group]
    verdict = "is on the tight side of" if tight else "meets"
    msg = (
        f"{t.format_value(v)} {verdict} the normal range: {n.text}. Source: {n.source}."
        f"{caveat} The course's rule of thumb would start you on rung {s.level} of "
        f"{s.ladder_length} of the {t.group} ladder; try that rung and the ones either "
        "side, and keep the one you feel best."
    )
    return Feedback(answer == truth, msg)


#: A change of muscle-tendon length smaller than this [percentage points] counts as "same".
SAME_LENGTH_PCT = 1.0


def _catalog_means(change) -> dict:
    """``{catalog muscle id: (mean length change %, mean fibre strain)}`` of a LengthChange."""
    return change.by_catalog_muscle()


def check_pose_change(stretch_id: str, answer: dict, **angles) -> Feedback:
    """Predict what happens to some muscles when you change one joint of a stretch.

    Starts from the catalog pose of ``stretch_id``, applies ``angles`` (e.g.
    ``knee_flexion_deg=45``) and compares each muscle's muscle-tendon length in the two
    poses with the musculoskeletal model (MyoLeg, from Rajagopal et al. 2016, IEEE Trans
    Biomed Eng 63:2068). A change under :data:`SAME_LENGTH_PCT` percentage points is
    ``"same"``.

    Parameters
    ----------
    stretch_id : str
        A catalog stretch id.
    answer : dict
        Catalog muscle id -> ``"longer"``, ``"shorter"`` or ``"same"``.
    **angles
        The joint angles to change [deg], e.g. ``hip_flexion_deg=20``.
    """
    from hipcourse.kit.checks import InputError, choice
    from hipcourse.models import musculoskeletal as msk

    cat = load_catalog()
    choice("stretch_id", stretch_id, [s.id for s in cat.stretches])
    if not angles:
        raise InputError(
            "angles", angles, "at least one joint angle to change, e.g. knee_flexion_deg=45"
        )
    if not isinstance(answer, dict) or not answer:
        raise InputError("answer", answer, 'a dict such as {"rectus-femoris": "longer"}')
    modelled = [m.id for m in cat.muscles if m.model]
    for m, verdict in answer.items():
        choice("muscle", m, modelled)
        choice(f"answer[{m!r}]", verdict, ("longer", "shorter", "same"))
    s = cat.stretch(stretch_id)
    base = s.pose.joint_angles()
    new = dict(base, **angles)
    before = _catalog_means(msk.length_change(base))
    after = _catalog_means(msk.length_change(new))
    moved = ", ".join(
        f"{k.removesuffix('_deg').replace('_', ' ')} {base[k]:g}° → {v:g}°"
        for k, v in angles.items()
    )
    lines, wrong = [], []
    for m, verdict in answer.items():
        d_pct = after[m][0] - before[m][0]
        truth = "same" if abs(d_pct) < SAME_LENGTH_PCT else "longer" if d_pct > 0 else "shorter"
        if verdict != truth:
            wrong.append(cat.muscle(m).name)
        lines.append(
            f"{cat.muscle(m).name}: {truth} ({round(before[m][0]):+d} % → "
            f"{round(after[m][0]):+d} % against standing)"
        )
    body = (
        f"{s.name}, {moved}: " + "; ".join(lines) + ". A muscle changes length only "
        "if it crosses the joint you moved."
    )
    if not wrong:
        return Feedback(True, body)
    return Feedback(False, "Look again at " + ", ".join(wrong) + ". " + body)


def check_rung_for_muscle(group: str, muscle_id: str, answer: int) -> Feedback:
    """Which rung of a ladder pulls a muscle's fibres furthest, by the model?

    Fibre strain (change of length over optimal fibre length; see
    :mod:`hipcourse.models.musculoskeletal`) of ``muscle_id`` in every rung's pose. Rungs within
    0.01 fibre lengths of the best tie, and any of them is a right answer.
    """
    from hipcourse.kit.checks import choice, integer
    from hipcourse.models import musculoskeletal as msk

    cat = load_catalog()
    group = choice("group", group, [g.id for g in cat.groups])
    muscle_id = choice("muscle_id", muscle_id, [m.id for m in cat.muscles if m.model])
    rungs = cat.ladder(group)
    answer = integer("answer", answer, 1, len(rungs))
    strain = {s.level: _catalog_means(msk.length_change(s.pose))[muscle_id][1] for s in rungs}
    best = max(strain.values())
    winners = [r for r, v in strain.items() if v >= best - 0.01]
    name = cat.muscle(muscle_id).name
    table = "; ".join(f"rung {r} {v:.2f}" for r, v in strain.items())
    which = (
        f"rung {winners[0]}"
        if len(winners) == 1
        else "rungs " + ", ".join(map(str, winners)) + " (a tie)"
    )
    msg = (
        f"The model pulls the fibres of {name} furthest in {which}. Fibre strain per rung, "
        f"in optimal fibre lengths: {table}."
    )
    return Feedback(answer in winners, msg)


# part 2: lessons 05 (glutes) and 07 (groin); they also use check_self_test and
# check_pose_change from part 1.
def check_faber_difference(left_cm, right_cm, answer: str) -> Feedback:
    """Is a left-right difference in figure-4 (FABER) knee height real or measuring error?

    The truth is computed from the self-test's data (``assessments.toml``): a difference
    larger than the smallest detectable left-right difference of the one reliability study
    of this test (PubMed 27999724, abstract; 19 healthy adults) counts as real.

    Parameters
    ----------
    left_cm, right_cm : float
        Knee height above the floor on each side [cm], measured the same day.
    answer : {"real", "error"}
        The learner's prediction.
    """
    from hipcourse.kit.checks import choice
    from hipcourse.models.assessment import load_tests, suggest

    t = load_tests().test("faber-distance")
    left = t.check_value(left_cm, where="left_cm")
    right = t.check_value(right_cm, where="right_cm")
    answer = choice("answer", answer, ("real", "error"))
    limit = t.rule.asymmetry_limit
    diff = abs(left - right)
    truth = "real" if diff > limit else "error"
    higher = "left" if left > right else "right"
    facts = (
        f"Your sides differ by {t.format_value(diff)}; in the one study of this test a "
        f"left-right difference had to be more than {t.format_value(limit)} to be more "
        "than measuring error."
    )
    if truth == "real":
        advice = (
            f" So it is a real difference: the {higher} knee stays higher, that hip is "
            "the stiffer one, and it deserves the extra attention."
        )
    elif diff == 0:
        advice = " Both sides match: compare them again over time."
    else:
        advice = (
            " So it could be measuring error: measure both sides again on another day "
            "before you treat one as the tighter side."
        )
    s = suggest({t.id: {"left": left, "right": right}})[t.group]
    advice += f" Suggested starting rung (the course's rule of thumb): {s.reason}."
    return Feedback(answer == truth, facts + advice)


def check_side_bend_target(answer: str) -> Feedback:
    """Gluteus minimus or medius: which does the side bend lengthen more, in the model?

    The source article's author first said medius, then corrected himself to minimus; the
    truth here is computed live with :func:`hipcourse.models.musculoskeletal.compare_in_stretch`
    (mean over each muscle's model parts, judged by fibre strain, the course's rule).
    """
    from hipcourse.kit.checks import choice
    from hipcourse.models import musculoskeletal as msk

    answer = choice("answer", answer, ("gluteus-minimus", "gluteus-medius"))
    c = msk.compare_in_stretch("glute-standing-side-bend", "gluteus-minimus", "gluteus-medius")
    name = load_catalog().muscle(c.longer).name
    msg = f"{c} ({msk.MODEL_NAME})"
    if answer == c.longer:
        return Feedback(True, msg)
    return Feedback(False, f"The model says {name}. " + msg)


def check_group_leader(answers: dict, group: str) -> Feedback:
    """For each stretch, which muscle of ``group`` does the model lengthen most?

    ``answers`` maps catalog stretch ids to catalog muscle ids. The truth is the group's
    muscle with the largest fibre strain (mean over its model parts), the course's rule
    for "the muscle a stretch works most" (see :mod:`hipcourse.models.musculoskeletal`).
    """
    from hipcourse.kit.checks import InputError, choice
    from hipcourse.models import musculoskeletal as msk

    cat = load_catalog()
    group = choice("group", group, [g.id for g in cat.groups])
    if not isinstance(answers, dict) or not answers:
        raise InputError("answers", answers, 'a dict such as {"groin-straddle": "gracilis"}')
    allowed = [m.id for m in cat.muscles_of(group) if m.model]
    wrong, lines = [], []
    for sid, given in answers.items():
        choice("answers key", sid, [s.id for s in cat.stretches])
        given = choice(f"answers[{sid!r}]", given, allowed)
        means = msk.stretch_effect(sid).change.by_catalog_muscle()
        ranked = sorted(allowed, key=lambda m: -means[m][1])
        if given != ranked[0]:
            wrong.append(sid)
        lines.append(
            f"{cat.stretch(sid).name}: "
            + ", ".join(
                f"{cat.muscle(m).name} {means[m][1]:.2f} ({means[m][0]:+.0f} %)" for m in ranked
            )
        )
    body = (
        "Fibre strain, most first (change of length in the muscle's own ideal fibre "
        "lengths, mean over its model parts; % change in brackets). "
        + ". ".join(lines)
        + f". ({msk.MODEL_NAME})"
    )
    if not wrong:
        return Feedback(True, body)
    return Feedback(False, "Look again at " + ", ".join(wrong) + ". " + body)
