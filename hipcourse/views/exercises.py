"""Self-check helpers for the lessons' exercises: predict, then check, get feedback.

Each ``check_*`` function compares a learner's answer with what the package computes and
returns a :class:`Feedback` that explains, rather than a bare True/False. Feedback renders
as Markdown in a notebook and as plain text elsewhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from hipcourse.content.catalog import load_catalog


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return ("✓ " if self.correct else "✗ ") + self.message

    def _repr_markdown_(self) -> str:
        head = "**✓ Correct.**" if self.correct else "**✗ Not quite.**"
        return f"{head} {self.message}"

    def __repr__(self) -> str:
        return str(self)


def _names(ids: Iterable[str]) -> str:
    cat = load_catalog()
    return ", ".join(cat.muscle(i).name for i in sorted(ids))


def compare_sets(answer: Iterable[str], truth: Iterable[str], *, what: str,
                 allowed: Iterable[str], explain: str, names=None) -> Feedback:
    """Feedback on a set answer: what is right, what is missing and what is extra.

    ``names`` turns a set of ids into readable text (default: catalog muscle names).
    """
    names = names or _names
    allowed = set(allowed)
    answer = list(answer) if not isinstance(answer, str) else [answer]
    unknown = [a for a in answer if a not in allowed]
    if unknown:
        return Feedback(False, f"{', '.join(map(repr, unknown))} is not a {what} id. "
                               f"Use ids such as: {', '.join(sorted(allowed)[:6])}, ...")
    got, want = set(answer), set(truth)
    if got == want:
        return Feedback(True, explain)
    parts = []
    if want - got:
        parts.append(f"missing: {names(want - got)}")
    if got - want:
        parts.append(f"not these: {names(got - want)}")
    return Feedback(False, "; ".join(parts) + ". " + explain)


# ---------------------------------------------------------------- lesson 00: welcome
def check_rung_choice(feel_by_rung: dict, answer: int) -> Feedback:
    """Which rung should you work at, given how strongly you felt each one (0-10)?

    The course's rule (from its source article): work at the rung where you feel the
    stretch best, even if you can get into a harder one; on a tie, the easier rung.
    """
    if not feel_by_rung:
        raise ValueError("feel_by_rung = {} is not allowed; expected a rung -> feeling (0-10) mapping")
    best = max(feel_by_rung.values())
    truth = min(r for r, f in feel_by_rung.items() if f == best)
    if answer not in feel_by_rung:
        return Feedback(False, f"rung {answer!r} is not one you tried; choose from {sorted(feel_by_rung)}.")
    if answer == truth:
        return Feedback(True, f"Rung {truth} is where you felt the stretch most ({best}/10). "
                              "Harder rungs you can get into are not better if you feel them less.")
    if answer > truth:
        return Feedback(False, f"You can get into rung {answer}, but you felt rung {truth} more "
                               f"({feel_by_rung[truth]}/10 against {feel_by_rung[answer]}/10). "
                               "Work where you feel it best; use harder rungs only as you progress.")
    return Feedback(False, f"Rung {truth} gave a stronger stretch ({feel_by_rung[truth]}/10 against "
                           f"{feel_by_rung[answer]}/10) and you could do it, so work there.")


def check_desk_friendly(answer: Iterable[str]) -> Feedback:
    """Which groups have at least one rung you can do standing or on a chair?"""
    cat = load_catalog()
    truth = {g.id for g in cat.groups
             if any(s.position in ("standing", "chair") for s in cat.ladder(g.id))}
    return compare_sets(
        answer, truth, what="group", allowed=[g.id for g in cat.groups],
        names=lambda ids: ", ".join(sorted(ids)),
        explain="A desk break can use any ladder with a standing or chair rung; look at "
                "the position under each rung in the table.")


# ---------------------------------------------------------------- lesson 01: anatomy
def check_two_joint_muscles(answer: Iterable[str]) -> Feedback:
    """Which muscles of the catalog cross both the hip and the knee?"""
    cat = load_catalog()
    truth = {m.id for m in cat.muscles if m.two_joint}
    return compare_sets(answer, truth, what="muscle", allowed=[m.id for m in cat.muscles],
                        explain="A muscle that crosses two joints is stretched fully only "
                                "when both joints are placed: the hip and the knee.")


def check_groups_of(muscle_id: str, answer: Iterable[str]) -> Feedback:
    """Which groups does a muscle belong to (some belong to two)?"""
    cat = load_catalog()
    m = cat.muscle(muscle_id)
    answer = [answer] if isinstance(answer, str) else list(answer)
    unknown = [a for a in answer if a not in {g.id for g in cat.groups}]
    if unknown:
        return Feedback(False, f"{unknown[0]!r} is not a group id; use one of "
                               + ", ".join(g.id for g in cat.groups))
    if set(answer) == set(m.groups):
        return Feedback(True, f"{m.name} belongs to: {', '.join(m.groups)} "
                              f"({'; '.join(m.actions)}).")
    return Feedback(False, f"{m.name} belongs to {len(m.groups)} group(s). Look at its "
                           f"actions: {'; '.join(m.actions)}.")


# ---------------------------------------------------------------- musculoskeletal lessons
#: Muscles offered in the knee-bend exercise of lesson 01.
KNEE_BEND_CHOICES = ("rectus-femoris", "vastus-lateralis", "semimembranosus",
                     "biceps-femoris-short-head", "gluteus-maximus", "iliacus")


def check_knee_bend_lengthens(answer: Iterable[str], hip_flexion_deg: float = 90.0) -> Feedback:
    """Hip held at ``hip_flexion_deg``, knee bent from straight to 90°: which muscles of
    :data:`KNEE_BEND_CHOICES` get longer (by more than 1 % of their standing length)?

    The answer is computed with the musculoskeletal model (MyoLeg, from Rajagopal et al.
    2016), each catalog muscle as the mean of its model parts.
    """
    from hipcourse.models import musculoskeletal as msk

    straight, bent = (c.by_catalog_muscle() for c in msk.length_change_batch(
        [(hip_flexion_deg, 0, 0, 0), (hip_flexion_deg, 0, 0, 90)]))
    delta = {m: bent[m][0] - straight[m][0] for m in KNEE_BEND_CHOICES}
    truth = {m for m, d in delta.items() if d > 1.0}
    cat = load_catalog()
    detail = "; ".join(f"{cat.muscle(m).name} {d:+.0f} points" for m, d in
                       sorted(delta.items(), key=lambda kv: -kv[1]))
    return compare_sets(answer, truth, what="muscle", allowed=KNEE_BEND_CHOICES,
                        explain=(f"Change of length (in % of standing) when the knee bends to 90° "
                                 f"with the hip at {hip_flexion_deg:.0f}°: {detail}. Only muscles "
                                 f"that cross the knee change; those in front of it get longer."))


def check_stretch_works_most(stretch_id: str, answer: str) -> Feedback:
    """Which muscle group does the model say a stretch works most (largest fibre strain)?"""
    from hipcourse.models import musculoskeletal as msk

    cat = load_catalog()
    groups = [g.id for g in cat.groups]
    if answer not in groups:
        return Feedback(False, f"{answer!r} is not a group id; use one of " + ", ".join(groups))
    effect = msk.stretch_effect(stretch_id)
    top = effect.top_muscles(1)[0]
    names = " and ".join(cat.group(g).name.lower() for g in effect.works_most)
    why = (f"The fibres pulled furthest belong to {msk.display_name(top.muscle)} "
           f"(fibre strain {top.fibre_strain:.2f}), so the model says {effect.stretch_name.lower()} "
           f"works the {names} most.")
    if effect.model_note:
        why += " " + effect.model_note
    return Feedback(answer in effect.works_most, why)


# ---------------------------------------------------------------- spine lesson
def _as_number(answer):
    """The learner's numeric answer as a float, or None if it is not a finite number."""
    import math

    if isinstance(answer, bool):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _not_a_number(answer, what: str) -> Feedback:
    return Feedback(False, f"{answer!r} is not a number: give {what} in degrees, e.g. 12.")


def check_sacral_slope(pelvic_incidence_deg: float, pelvic_tilt_deg: float,
                       answer_deg) -> Feedback:
    """Sacral slope for a given PI and PT (the identity PI = PT + SS, Legaye et al. 1998)."""
    from hipcourse.models import spine

    ss = spine.sacral_slope_deg(pelvic_incidence_deg, pelvic_tilt_deg)
    value = _as_number(answer_deg)
    if value is None:
        return _not_a_number(answer_deg, "the sacral slope")
    why = (f"PI = PT + SS, so SS = {pelvic_incidence_deg:g} - {pelvic_tilt_deg:g} = {ss:g}°. "
           f"The three angles close a triangle on the same pelvis, so this holds in every "
           f"posture.")
    if abs(value - ss) <= 0.5:
        return Feedback(True, why)
    hint = " (you added instead of subtracting)" if abs(value - (pelvic_incidence_deg +
                                                                 pelvic_tilt_deg)) < 0.5 else ""
    return Feedback(False, f"You said {value:g}°{hint}. " + why)


def check_lordosis_change(anterior_tilt_deg: float, answer_deg,
                          pelvic_incidence_deg: float = 52.0) -> Feedback:
    """How much does one person's lumbar lordosis change when their pelvis tips forward?"""
    from hipcourse.models import spine

    neutral = spine.spine_for_person(pelvic_incidence_deg)
    tilted = spine.spine_for_posture(pelvic_incidence_deg,
                                     neutral.pelvic_tilt_deg - anterior_tilt_deg)
    change = tilted.lumbar_lordosis_deg - neutral.lumbar_lordosis_deg
    value = _as_number(answer_deg)
    if value is None:
        return _not_a_number(answer_deg, "the change of lordosis")
    why = (f"In the model the lordosis changes by {change:+.0f}° for a {anterior_tilt_deg:+g}° "
           f"tilt: it follows the sacral slope about one to one, as measured by Levine & "
           f"Whittle (1996): +11.4° of forward tilt gave +10.8° of lordosis, -8.7° gave "
           f"-9.0°.")
    if abs(value - change) <= 2.0:
        return Feedback(True, why)
    if value * change < 0:
        return Feedback(False, f"Wrong direction: you said {value:+g}°. Tipping the pelvis "
                               f"forward steepens the top of the sacrum, so the low back must "
                               f"curve more to stay upright. " + why)
    return Feedback(False, f"You said {value:+g}°. " + why)


def check_sitting_lordosis(answer_deg) -> Feedback:
    """How much lumbar lordosis is lost on sitting down on a chair (Endo et al. 2012)?"""
    from hipcourse.models import spine

    m = spine.SITTING_CHANGES["Endo 2012"]
    stand, sit = spine.sitting_spine()
    model = sit.lumbar_lordosis_deg - stand.lumbar_lordosis_deg
    value = _as_number(answer_deg)
    if value is None:
        return _not_a_number(answer_deg, "the change of lordosis")
    why = (f"Endo et al. (2012) measured {m['lumbar_lordosis_deg']:+.1f}° in 50 adults (about "
           f"half the standing lordosis), with the pelvis rolling back {m['pelvic_tilt_deg']:.1f}°. "
           f"From that tilt alone the model predicts {model:+.1f}°.")
    if value > 0:
        return Feedback(False, f"You said {value:+g}°: sitting rolls the pelvis back, which "
                               f"flattens the low back, so the lordosis falls. " + why)
    if abs(value - m["lumbar_lordosis_deg"]) <= 5.0:
        return Feedback(True, why)
    return Feedback(False, f"You said {value:+g}°. " + why)


_TILT_ANSWERS = ("anterior", "posterior")


def check_tilt_direction(muscle_group: str, answer: str) -> Feedback:
    """Which way does a short muscle group tip the pelvis in standing?"""
    truth = {"hip-flexors": "anterior", "hamstrings": "posterior"}
    if muscle_group not in truth:
        return Feedback(False, f"{muscle_group!r}: choose 'hip-flexors' or 'hamstrings'.")
    if answer not in _TILT_ANSWERS:
        return Feedback(False, f"{answer!r}: answer 'anterior' (front of the pelvis down) or "
                               f"'posterior' (front of the pelvis up).")
    why = {"hip-flexors": "Iliacus and psoas run from the front of the pelvis and the lumbar "
                          "spine to the top of the thigh. With the thigh hanging straight, a "
                          "short hip flexor can only fit by pulling the front of the pelvis "
                          "down: an anterior tilt.",
           "hamstrings": "The hamstrings run from the sitting bones at the back and bottom of "
                         "the pelvis to the shin. Short hamstrings pull the back of the pelvis "
                         "down, tipping it backwards (posterior tilt) and stopping it from "
                         "rotating forward when you bend."}[muscle_group]
    return Feedback(answer == truth[muscle_group], why)


_UPPER_ANSWERS = ("more", "less", "same")


def check_upper_back(anterior_tilt_deg: float, answer: str,
                     pelvic_incidence_deg: float = 52.0) -> Feedback:
    """After the pelvis tips forward, does the model's upper back curve more, less or the same?"""
    from hipcourse.models import spine

    if answer not in _UPPER_ANSWERS:
        return Feedback(False, f"{answer!r}: answer 'more', 'less' or 'same'.")
    neutral = spine.spine_for_person(pelvic_incidence_deg)
    tilted = spine.spine_for_posture(pelvic_incidence_deg,
                                     neutral.pelvic_tilt_deg - anterior_tilt_deg)
    d = tilted.thoracic_kyphosis_deg - neutral.thoracic_kyphosis_deg
    truth = "same" if abs(d) < 1.0 else ("more" if d > 0 else "less")
    why = (f"In the model the thoracic kyphosis changes by {d:+.0f}° and the neck curve by "
           f"{tilted.cervical_lordosis_deg - neutral.cervical_lordosis_deg:+.0f}°. The deeper "
           f"low-back curve leaves the head a little in front of the hips, and the upper back "
           f"has to lean back to bring it over them. The article says the rest of the spine "
           f"over-curves; this model does not show that for a forward tilt (it does for a "
           f"backward one, as in slumped sitting), and Day et al. (1984) saw no change of the "
           f"thoracic curve during voluntary tilts. The upper-back step is the model's "
           f"assumption, not a measurement.")
    return Feedback(answer == truth, why)


def check_hip_flexor_tilt(hip_flexor_shortening_pct: float, answer_deg) -> Feedback:
    """How much standing anterior tilt does a given hip-flexor shortening force (model)?"""
    from hipcourse.models import spine

    tilt = spine.standing_tilt_from_hip_flexor_shortening(hip_flexor_shortening_pct)
    by = spine.hip_flexor_tilt_by_muscle(hip_flexor_shortening_pct)
    value = _as_number(answer_deg)
    if value is None:
        return _not_a_number(answer_deg, "the tilt")
    why = (f"The model says {tilt:.0f}° (iliacus alone {by['iliacus']:.0f}°, psoas alone "
           f"{by['psoas']:.0f}°; the pelvis tips until the first one fits). Small shortenings "
           f"matter because each degree of hip angle changes these muscles' length by only "
           f"a few tenths of a percent. Caveats: MyoLeg's psoas has no wrapping surface, real "
           f"hips keep a few degrees of extension in reserve, and measured links between "
           f"hip-flexor length and standing tilt are weak (Heino et al. 1990; Youdas et al. "
           f"1996).")
    ok = abs(value - tilt) <= max(2.0, 0.2 * tilt)
    return Feedback(ok, ("" if ok else f"You said {value:g}°. ") + why)


def check_forward_bend(hamstring_shortening_pct: float, answer_deg,
                       trunk_flexion_deg: float = 110.0) -> Feedback:
    """In a forward bend, how many degrees must the lumbar spine flex (model)?"""
    from hipcourse.models import spine

    bend = spine.forward_bend(trunk_flexion_deg, hamstring_shortening_pct)
    normal = spine.forward_bend(trunk_flexion_deg, 0.0)
    value = _as_number(answer_deg)
    if value is None:
        return _not_a_number(answer_deg, "the lumbar flexion")
    from hipcourse.models.musculoskeletal import display_name

    why = (f"With hamstrings {hamstring_shortening_pct:g} % short the pelvis can rotate only "
           f"{bend.pelvic_rotation_deg:.0f}° on the thighs before "
           f"{display_name(bend.limiting_muscle + '_r').lower()} is at full length, so the "
           f"lumbar spine flexes "
           f"{bend.lumbar_flexion_deg:.0f}° of the {trunk_flexion_deg:g}° (normal hamstrings: "
           f"{normal.lumbar_flexion_deg:.0f}°). Reis et al. (2015) measured the same pattern in "
           f"people with low back pain: less pelvic and more lumbar motion.")
    ok = abs(value - bend.lumbar_flexion_deg) <= 8.0
    return Feedback(ok, ("" if ok else f"You said {value:g}°. ") + why)


def check_roussouly_type(pelvic_incidence_deg: float, pelvic_tilt_deg: float,
                         answer: str) -> Feedback:
    """The Roussouly type ("1", "2", "3", "3AP", "4") of one person's spine (model)."""
    from hipcourse.models import spine

    types = ("1", "2", "3", "3AP", "4")
    answer = str(answer).upper()
    if answer not in types:
        return Feedback(False, f"{answer!r}: answer one of " + ", ".join(types) + ".")
    a = spine.spine_for_posture(pelvic_incidence_deg, pelvic_tilt_deg)
    why = (f"SS = PI - PT = {a.sacral_slope_deg:.0f}°, and the type follows the sacral slope: "
           f"below 35° types 1 or 2 (told apart by where the lordosis peaks; here at "
           f"{spine.lordosis_apex(a.sacral_slope_deg, a.lumbar_lordosis_deg)}), 35-45° type 3, "
           f"above 45° type 4; a low-PI pelvis tipped forward (SS over 35°, PT under 5°) is "
           f"type 3AP. The model says type {a.roussouly_type}.")
    return Feedback(answer == a.roussouly_type, why)



# ---------------------------------------------------------------- muscle-group lessons

# part 1: lessons 03 (hamstrings), 04 (quadriceps) and 06 (hip flexors)
def check_self_test(test_id: str, value, answer: str) -> Feedback:
    """Is a self-test result inside the published normal range, or on the tight side?

    The range, its source and how well it is supported come from the self-test's data
    (``assessments.toml``), e.g. straight-leg raise >= 80 deg (Ayala F. et al. 2013, Phys
    Ther Sport 14:98); modified Thomas test knee angle >= 67 deg (BMC Sports Sci Med
    Rehabil 2021, Table 4). A result beyond the flexible end of a two-sided range counts
    as ``"normal"`` (it is not tight).

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
    msg = (f"{t.format_value(v)} {verdict} the normal range: {n.text}. Source: {n.source}."
           f"{caveat} The course's rule of thumb would start you on rung {s.level} of "
           f"{s.ladder_length} of the {t.group} ladder; try that rung and the ones either "
           "side, and keep the one you feel best.")
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
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import InputError, choice

    cat = load_catalog()
    choice("stretch_id", stretch_id, [s.id for s in cat.stretches])
    if not angles:
        raise InputError("angles", angles, "at least one joint angle to change, "
                         "e.g. knee_flexion_deg=45")
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
    moved = ", ".join(f"{k.removesuffix('_deg').replace('_', ' ')} {base[k]:g}° → {v:g}°"
                      for k, v in angles.items())
    lines, wrong = [], []
    for m, verdict in answer.items():
        d_pct = after[m][0] - before[m][0]
        truth = ("same" if abs(d_pct) < SAME_LENGTH_PCT else
                 "longer" if d_pct > 0 else "shorter")
        if verdict != truth:
            wrong.append(cat.muscle(m).name)
        lines.append(f"{cat.muscle(m).name}: {truth} ({round(before[m][0]):+d} % → "
                     f"{round(after[m][0]):+d} % against standing)")
    body = (f"{s.name}, {moved}: " + "; ".join(lines) + ". A muscle changes length only "
            "if it crosses the joint you moved.")
    if not wrong:
        return Feedback(True, body)
    return Feedback(False, "Look again at " + ", ".join(wrong) + ". " + body)


def check_rung_for_muscle(group: str, muscle_id: str, answer: int) -> Feedback:
    """Which rung of a ladder pulls a muscle's fibres furthest, by the model?

    Fibre strain (change of length over optimal fibre length; see
    :mod:`hipcourse.models.musculoskeletal`) of ``muscle_id`` in every rung's pose. Rungs within
    0.01 fibre lengths of the best tie, and any of them is a right answer.
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import choice, integer

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
    which = (f"rung {winners[0]}" if len(winners) == 1 else
             "rungs " + ", ".join(map(str, winners)) + " (a tie)")
    msg = (f"The model pulls the fibres of {name} furthest in {which}. Fibre strain per rung, "
           f"in optimal fibre lengths: {table}.")
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
    facts = (f"Your sides differ by {t.format_value(diff)}; in the one study of this test a "
             f"left-right difference had to be more than {t.format_value(limit)} to be more "
             "than measuring error.")
    if truth == "real":
        advice = (f" So it is a real difference: the {higher} knee stays higher, that hip is "
                  "the stiffer one, and it deserves the extra attention.")
    elif diff == 0:
        advice = " Both sides match: compare them again over time."
    else:
        advice = (" So it could be measuring error: measure both sides again on another day "
                  "before you treat one as the tighter side.")
    s = suggest({t.id: {"left": left, "right": right}})[t.group]
    advice += f" Suggested starting rung (the course's rule of thumb): {s.reason}."
    return Feedback(answer == truth, facts + advice)


def check_side_bend_target(answer: str) -> Feedback:
    """Gluteus minimus or medius: which does the side bend lengthen more, in the model?

    The source article's author first said medius, then corrected himself to minimus; the
    truth here is computed live with :func:`hipcourse.models.musculoskeletal.compare_in_stretch`
    (mean over each muscle's model parts, judged by fibre strain, the course's rule).
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import choice

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
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import InputError, choice

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
        lines.append(f"{cat.stretch(sid).name}: " + ", ".join(
            f"{cat.muscle(m).name} {means[m][1]:.2f} ({means[m][0]:+.0f} %)" for m in ranked))
    body = ("Fibre strain, most first (change of length in the muscle's own ideal fibre "
            "lengths, mean over its model parts; % change in brackets). " + ". ".join(lines)
            + f". ({msk.MODEL_NAME})")
    if not wrong:
        return Feedback(True, body)
    return Feedback(False, "Look again at " + ", ".join(wrong) + ". " + body)


# ---------------------------------------------------------------- routine / progress

# routine
def check_allowed_rungs(group: str, restrictions, answer) -> Feedback:
    """Which rungs of ``group``'s ladder does a set of restrictions leave? (lesson 08)

    The truth is what the routine builder uses: a restriction rules a stretch out by its
    tags or by its pose (:meth:`hipcourse.content.catalog.Restriction.rules_out`).
    """
    from hipcourse.kit.checks import choice, integer
    from hipcourse.content.catalog import GROUP_IDS

    cat = load_catalog()
    choice("group", group, GROUP_IDS)
    restrictions = [restrictions] if isinstance(restrictions, str) else list(restrictions)
    rs = [cat.restriction(choice("restrictions", r, [x.id for x in cat.restrictions]))
          for r in restrictions]
    ladder = cat.ladder(group)
    answer = [answer] if isinstance(answer, int) else list(answer)
    got = {integer("answer", a, 1, len(ladder)) for a in answer}
    why = {s.level: next((w for r in rs if (w := r.rules_out(s))), None) for s in ladder}
    truth = {lv for lv, w in why.items() if w is None}
    lines = "; ".join(f"rung {lv} ({ladder[lv - 1].name}): "
                      + ("allowed" if w is None else w.split(": ", 1)[-1])
                      for lv, w in why.items())
    if got == truth:
        return Feedback(True, f"Rungs left: {sorted(truth) or 'none'}. {lines}.")
    parts = []
    if truth - got:
        parts.append(f"also allowed: {sorted(truth - got)}")
    if got - truth:
        parts.append(f"ruled out: {sorted(got - truth)}")
    return Feedback(False, "; ".join(parts) + ". Check each pose against the limits: " + lines + ".")


def check_step_time(answer_s, hold_s: int = 30, reps: int = 2, side: str = "both",
                    get_ready_s: int = 10) -> Feedback:
    """How long does one step of a routine take, get-ready pause included? (lesson 08)

    The truth is :attr:`hipcourse.models.routine.Step.duration_s`: the get-ready pause, every
    hold on every side, and a gap of ``GAP_S`` seconds between consecutive holds.
    """
    from hipcourse.kit.checks import choice, integer, number
    from hipcourse.models.routine import GAP_S, STEP_SIDES, Step

    step = Step(group="hamstrings", stretch_id="", side=choice("side", side, STEP_SIDES),
                hold_s=integer("hold_s", hold_s, 1, 600), reps=integer("reps", reps, 1, 20),
                reason="", level=1, position="standing", role="working",
                transition_s=integer("get_ready_s", get_ready_s, 0, 600))
    answer_s = number("answer_s", answer_s, 0, unit="s")
    holds = step.n_sides * step.reps
    msg = (f"{step.transition_s} s to get ready + {holds} holds × {step.hold_s} s + "
           f"{holds - 1} gaps × {GAP_S} s (to release or switch sides) = {step.duration_s} s.")
    if answer_s == step.duration_s:
        return Feedback(True, msg)
    hint = (" Did you forget the gaps between holds?"
            if answer_s == step.duration_s - (holds - 1) * GAP_S else
            " Did you count both sides?" if step.n_sides == 2 and answer_s < step.duration_s
            else "")
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
    from hipcourse.kit.checks import InputError, choice, integer
    from hipcourse.models.assessment import suggest
    from hipcourse.content.catalog import GROUP_IDS

    choice("group", group, GROUP_IDS)
    sugg = suggest(results)
    if group not in sugg:
        raise InputError("results", results, f"at least one result of a test for {group}")
    s = sugg[group]
    answer = integer("answer", answer, 1, s.ladder_length)
    msg = (f"The suggestion is rung {s.level} of {s.ladder_length}: {s.reason}. "
           "For a test done on both legs the tighter leg decides, and when two tests inform "
           "the same group the lower rung wins: starting a rung too low costs little.")
    if answer > s.level:
        msg += " Your answer was higher: check which side is tighter."
    elif answer < s.level:
        msg += " Your answer was lower: work the rule through again with the tighter value."
    return Feedback(answer == s.level, msg)


def check_weekly_minutes(routine: dict, sessions_per_week: int, group: str,
                         answer_min: float) -> Feedback:
    """Minutes under stretch per side for ``group`` in a week of the same routine.

    Computed with :meth:`hipcourse.models.journal.SessionRecord.seconds_by_group` (hold x reps per
    completed step, per side) and compared with the weekly guidance in
    ``assessments.toml`` ([dose]: 2-3 days a week, about 60 s per group each day; ACSM
    Guidelines 11th ed.; Garber et al. 2011, Med Sci Sports Exerc 43:1334, secondary).
    Within 0.1 min counts as right.
    """
    import datetime as _dt

    from hipcourse.kit.checks import choice, integer, number
    from hipcourse.models.assessment import load_tests
    from hipcourse.content.catalog import GROUP_IDS
    from hipcourse.models.journal import SessionRecord, check_routine

    routine = check_routine(routine)
    k = integer("sessions_per_week", sessions_per_week, 0, 21)
    choice("group", group, GROUP_IDS)
    answer = number("answer_min", answer_min, 0, None, unit="min")
    done = tuple(range(1, len(routine["steps"]) + 1))
    one = SessionRecord(0, "", _dt.date(2000, 1, 1), routine, done).seconds_by_group()
    truth = k * one.get(group, 0.0) / 60.0
    dose = load_tests().dose
    verdict = "meets" if truth >= dose.weekly_minutes_low else "falls short of"
    msg = (f"One session gives {group} {one.get(group, 0.0):g} s per side (hold x reps of each "
           f"{group} step), so {k} session(s) give {truth:.1f} min per side a week. That "
           f"{verdict} the guidance of at least {dose.weekly_minutes_low:g}–"
           f"{dose.weekly_minutes_high:g} min a week ({dose.text}; {dose.status} source).")
    return Feedback(abs(answer - truth) <= 0.1, msg)
