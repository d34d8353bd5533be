"""Answer checks of the spine lesson (pelvic angles, lordosis, tilt, forward bend)."""

from __future__ import annotations

from hipcourse.views.exercises.feedback import Feedback


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


def check_sacral_slope(pelvic_incidence_deg: float, pelvic_tilt_deg: float, answer_deg) -> Feedback:
    """Sacral slope for a given PI and PT (the identity PI = PT + SS, Legaye et al. 1998)."""
    from hipcourse.models import spine

    ss = spine.sacral_slope_deg(pelvic_incidence_deg, pelvic_tilt_deg)
    value = _as_number(answer_deg)
    if value is None:
        return _not_a_number(answer_deg, "the sacral slope")
    why = (
        f"PI = PT + SS, so SS = {pelvic_incidence_deg:g} - {pelvic_tilt_deg:g} = {ss:g}°. "
        f"The three angles close a triangle on the same pelvis, so this holds in every "
        f"posture."
    )
    if abs(value - ss) <= 0.5:
        return Feedback(True, why)
    hint = (
        " (you added instead of subtracting)"
        if abs(value - (pelvic_incidence_deg + pelvic_tilt_deg)) < 0.5
        else ""
    )
    return Feedback(False, f"You said {value:g}°{hint}. " + why)


def check_lordosis_change(
    anterior_tilt_deg: float, answer_deg, pelvic_incidence_deg: float = 52.0
) -> Feedback:
    """How much does one person's lumbar lordosis change when their pelvis tips forward?"""
    from hipcourse.models import spine

    neutral = spine.spine_for_person(pelvic_incidence_deg)
    tilted = spine.spine_for_posture(
        pelvic_incidence_deg, neutral.pelvic_tilt_deg - anterior_tilt_deg
    )
    change = tilted.lumbar_lordosis_deg - neutral.lumbar_lordosis_deg
    value = _as_number(answer_deg)
    if value is None:
        return _not_a_number(answer_deg, "the change of lordosis")
    why = (
        f"In the model the lordosis changes by {change:+.0f}° for a {anterior_tilt_deg:+g}° "
        f"tilt: it follows the sacral slope about one to one, as measured by Levine & "
        f"Whittle (1996): +11.4° of forward tilt gave +10.8° of lordosis, -8.7° gave "
        f"-9.0°."
    )
    if abs(value - change) <= 2.0:
        return Feedback(True, why)
    if value * change < 0:
        return Feedback(
            False,
            f"Wrong direction: you said {value:+g}°. Tipping the pelvis "
            f"forward steepens the top of the sacrum, so the low back must "
            f"curve more to stay upright. " + why,
        )
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
    why = (
        f"Endo et al. (2012) measured {m['lumbar_lordosis_deg']:+.1f}° in 50 adults (about "
        f"half the standing lordosis), with the pelvis rolling back {m['pelvic_tilt_deg']:.1f}°. "
        f"From that tilt alone the model predicts {model:+.1f}°."
    )
    if value > 0:
        return Feedback(
            False,
            f"You said {value:+g}°: sitting rolls the pelvis back, which "
            f"flattens the low back, so the lordosis falls. " + why,
        )
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
        return Feedback(
            False,
            f"{answer!r}: answer 'anterior' (front of the pelvis down) or "
            f"'posterior' (front of the pelvis up).",
        )
    why = {
        "hip-flexors": "Iliacus and psoas run from the front of the pelvis and the lumbar "
        "spine to the top of the thigh. With the thigh hanging straight, a "
        "short hip flexor can only fit by pulling the front of the pelvis "
        "down: an anterior tilt.",
        "hamstrings": "The hamstrings run from the sitting bones at the back and bottom of "
        "the pelvis to the shin. Short hamstrings pull the back of the pelvis "
        "down, tipping it backwards (posterior tilt) and stopping it from "
        "rotating forward when you bend.",
    }[muscle_group]
    return Feedback(answer == truth[muscle_group], why)


_UPPER_ANSWERS = ("more", "less", "same")


def check_upper_back(
    anterior_tilt_deg: float, answer: str, pelvic_incidence_deg: float = 52.0
) -> Feedback:
    """After the pelvis tips forward, does the model's upper back curve more, less or the same?"""
    from hipcourse.models import spine

    if answer not in _UPPER_ANSWERS:
        return Feedback(False, f"{answer!r}: answer 'more', 'less' or 'same'.")
    neutral = spine.spine_for_person(pelvic_incidence_deg)
    tilted = spine.spine_for_posture(
        pelvic_incidence_deg, neutral.pelvic_tilt_deg - anterior_tilt_deg
    )
    d = tilted.thoracic_kyphosis_deg - neutral.thoracic_kyphosis_deg
    truth = "same" if abs(d) < 1.0 else ("more" if d > 0 else "less")
    why = (
        f"In the model the thoracic kyphosis changes by {d:+.0f}° and the neck curve by "
        f"{tilted.cervical_lordosis_deg - neutral.cervical_lordosis_deg:+.0f}°. The deeper "
        f"low-back curve leaves the head a little in front of the hips, and the upper back "
        f"has to lean back to bring it over them. The article says the rest of the spine "
        f"over-curves; this model does not show that for a forward tilt (it does for a "
        f"backward one, as in slumped sitting), and Day et al. (1984) saw no change of the "
        f"thoracic curve during voluntary tilts. The upper-back step is the model's "
        f"assumption, not a measurement."
    )
    return Feedback(answer == truth, why)


def check_hip_flexor_tilt(hip_flexor_shortening_pct: float, answer_deg) -> Feedback:
    """How much standing anterior tilt does a given hip-flexor shortening force (model)?"""
    from hipcourse.models import spine

    tilt = spine.standing_tilt_from_hip_flexor_shortening(hip_flexor_shortening_pct)
    by = spine.hip_flexor_tilt_by_muscle(hip_flexor_shortening_pct)
    value = _as_number(answer_deg)
    if value is None:
        return _not_a_number(answer_deg, "the tilt")
    why = (
        f"The model says {tilt:.0f}° (iliacus alone {by['iliacus']:.0f}°, psoas alone "
        f"{by['psoas']:.0f}°; the pelvis tips until the first one fits). Small shortenings "
        f"matter because each degree of hip angle changes these muscles' length by only "
        f"a few tenths of a percent. Caveats: MyoLeg's psoas has no wrapping surface, real "
        f"hips keep a few degrees of extension in reserve, and measured links between "
        f"hip-flexor length and standing tilt are weak (Heino et al. 1990; Youdas et al. "
        f"1996)."
    )
    ok = abs(value - tilt) <= max(2.0, 0.2 * tilt)
    return Feedback(ok, ("" if ok else f"You said {value:g}°. ") + why)


def check_forward_bend(
    hamstring_shortening_pct: float, answer_deg, trunk_flexion_deg: float = 110.0
) -> Feedback:
    """In a forward bend, how many degrees must the lumbar spine flex (model)?"""
    from hipcourse.models import spine

    bend = spine.forward_bend(trunk_flexion_deg, hamstring_shortening_pct)
    normal = spine.forward_bend(trunk_flexion_deg, 0.0)
    value = _as_number(answer_deg)
    if value is None:
        return _not_a_number(answer_deg, "the lumbar flexion")
    from hipcourse.models.musculoskeletal import display_name

    why = (
        f"With hamstrings {hamstring_shortening_pct:g} % short the pelvis can rotate only "
        f"{bend.pelvic_rotation_deg:.0f}° on the thighs before "
        f"{display_name(bend.limiting_muscle + '_r').lower()} is at full length, so the "
        f"lumbar spine flexes "
        f"{bend.lumbar_flexion_deg:.0f}° of the {trunk_flexion_deg:g}° (normal hamstrings: "
        f"{normal.lumbar_flexion_deg:.0f}°). Reis et al. (2015) measured the same pattern in "
        f"people with low back pain: less pelvic and more lumbar motion."
    )
    ok = abs(value - bend.lumbar_flexion_deg) <= 8.0
    return Feedback(ok, ("" if ok else f"You said {value:g}°. ") + why)


def check_roussouly_type(
    pelvic_incidence_deg: float, pelvic_tilt_deg: float, answer: str
) -> Feedback:
    """The Roussouly type ("1", "2", "3", "3AP", "4") of one person's spine (model)."""
    from hipcourse.models import spine

    types = ("1", "2", "3", "3AP", "4")
    answer = str(answer).upper()
    if answer not in types:
        return Feedback(False, f"{answer!r}: answer one of " + ", ".join(types) + ".")
    a = spine.spine_for_posture(pelvic_incidence_deg, pelvic_tilt_deg)
    why = (
        f"SS = PI - PT = {a.sacral_slope_deg:.0f}°, and the type follows the sacral slope: "
        f"below 35° types 1 or 2 (told apart by where the lordosis peaks; here at "
        f"{spine.lordosis_apex(a.sacral_slope_deg, a.lumbar_lordosis_deg)}), 35-45° type 3, "
        f"above 45° type 4; a low-PI pelvis tipped forward (SS over 35°, PT under 5°) is "
        f"type 3AP. The model says type {a.roussouly_type}."
    )
    return Feedback(answer == a.roussouly_type, why)
