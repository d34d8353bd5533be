"""Answer checks of the first lessons: welcome, anatomy, the musculoskeletal model."""

from __future__ import annotations

from collections.abc import Iterable

from hipcourse.content.catalog import load_catalog
from hipcourse.views.exercises.feedback import Feedback, compare_sets


# ---------------------------------------------------------------- lesson 00: welcome
def check_rung_choice(feel_by_rung: dict, answer: int) -> Feedback:
    """Which rung should you work at, given how clearly you felt each one (0-10)?

    The course's rule (from its source article): work at the rung where you feel the
    stretch best, even if you can get into a harder one; on a tie, the easier rung.
    """
    if not feel_by_rung:
        raise ValueError(
            "feel_by_rung = {} is not allowed; expected a rung -> feeling (0-10) mapping"
        )
    best = max(feel_by_rung.values())
    truth = min(r for r, f in feel_by_rung.items() if f == best)
    if answer not in feel_by_rung:
        return Feedback(
            False, f"rung {answer!r} is not one you tried; choose from {sorted(feel_by_rung)}."
        )
    if answer == truth:
        return Feedback(
            True,
            f"Rung {truth} is where you felt the stretch most ({best}/10). "
            "Harder rungs you can get into are not better if you feel them less.",
        )
    if answer > truth:
        return Feedback(
            False,
            f"You can get into rung {answer}, but you felt rung {truth} more "
            f"({feel_by_rung[truth]}/10 against {feel_by_rung[answer]}/10). "
            "Work where you feel it best; use harder rungs only as you progress.",
        )
    return Feedback(
        False,
        f"You felt rung {truth} more clearly ({feel_by_rung[truth]}/10 against "
        f"{feel_by_rung[answer]}/10) and you could do it, so work there.",
    )


def check_desk_friendly(answer: Iterable[str]) -> Feedback:
    """Which groups have at least one rung you can do standing or on a chair?"""
    cat = load_catalog()
    truth = {
        g.id
        for g in cat.groups
        if any(s.position in ("standing", "chair") for s in cat.ladder(g.id))
    }
    return compare_sets(
        answer,
        truth,
        what="group",
        allowed=[g.id for g in cat.groups],
        names=lambda ids: ", ".join(sorted(ids)),
        explain="A desk break can use any ladder with a standing or chair rung; look at "
        "the position under each rung in the table.",
    )


# ---------------------------------------------------------------- lesson 01: anatomy
def check_two_joint_muscles(answer: Iterable[str]) -> Feedback:
    """Which muscles of the catalog cross both the hip and the knee?"""
    cat = load_catalog()
    truth = {m.id for m in cat.muscles if m.two_joint}
    return compare_sets(
        answer,
        truth,
        what="muscle",
        allowed=[m.id for m in cat.muscles],
        explain="A muscle that crosses two joints is stretched fully only "
        "when both joints are placed: the hip and the knee.",
    )


def check_groups_of(muscle_id: str, answer: Iterable[str]) -> Feedback:
    """Which groups does a muscle belong to (some belong to two)?"""
    cat = load_catalog()
    m = cat.muscle(muscle_id)
    answer = [answer] if isinstance(answer, str) else list(answer)
    unknown = [a for a in answer if a not in {g.id for g in cat.groups}]
    if unknown:
        return Feedback(
            False,
            f"{unknown[0]!r} is not a group id; use one of " + ", ".join(g.id for g in cat.groups),
        )
    if set(answer) == set(m.groups):
        return Feedback(
            True, f"{m.name} belongs to: {', '.join(m.groups)} ({'; '.join(m.actions)})."
        )
    return Feedback(
        False,
        f"{m.name} belongs to {len(m.groups)} group(s). Look at its "
        f"actions: {'; '.join(m.actions)}.",
    )


# ---------------------------------------------------------------- musculoskeletal lessons
#: Muscles offered in the knee-bend exercise of lesson 01.
KNEE_BEND_CHOICES = (
    "rectus-femoris",
    "vastus-lateralis",
    "semimembranosus",
    "biceps-femoris-short-head",
    "gluteus-maximus",
    "iliacus",
)


def check_knee_bend_lengthens(answer: Iterable[str], hip_flexion_deg: float = 90.0) -> Feedback:
    """Hip held at ``hip_flexion_deg``, knee bent from straight to 90°: which muscles of
    :data:`KNEE_BEND_CHOICES` get longer (by more than 1 % of their standing length)?

    The answer is computed with the musculoskeletal model (MyoLeg, from Rajagopal et al.
    2016), each catalog muscle as the mean of its model parts.
    """
    from hipcourse.models import musculoskeletal as msk

    straight, bent = (
        c.by_catalog_muscle()
        for c in msk.length_change_batch([(hip_flexion_deg, 0, 0, 0), (hip_flexion_deg, 0, 0, 90)])
    )
    delta = {m: bent[m][0] - straight[m][0] for m in KNEE_BEND_CHOICES}
    truth = {m for m, d in delta.items() if d > 1.0}
    cat = load_catalog()
    detail = "; ".join(
        f"{cat.muscle(m).name} {d:+.0f} points"
        for m, d in sorted(delta.items(), key=lambda kv: -kv[1])
    )
    return compare_sets(
        answer,
        truth,
        what="muscle",
        allowed=KNEE_BEND_CHOICES,
        explain=(
            f"Change of length (in % of standing) when the knee bends to 90° "
            f"with the hip at {hip_flexion_deg:.0f}°: {detail}. Only muscles "
            f"that cross the knee change; those in front of it get longer."
        ),
    )


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
    why = (
        f"The fibres pulled furthest belong to {msk.display_name(top.muscle)} "
        f"(fibre strain {top.fibre_strain:.2f}), so the model says {effect.stretch_name.lower()} "
        f"works the {names} most."
    )
    if effect.model_note:
        why += " " + effect.model_note
    return Feedback(answer in effect.works_most, why)
