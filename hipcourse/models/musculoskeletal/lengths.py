"""The public length API: lengths, % changes and fibre strain of the right-leg muscles in a
pose, a catalog stretch's effect, drawing geometry and readable names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from hipcourse.content.catalog import Stretch, load_catalog
from hipcourse.kit.checks import InputError
from hipcourse.models.musculoskeletal.engine import _engine
from hipcourse.models.musculoskeletal.names import JOINTS, _angles, _angles_array
from hipcourse.models.musculoskeletal.records import (
    LengthChange,
    MuscleChange,
    MuscleComparison,
    PoseGeometry,
    StretchEffect,
    _display_name,
)


# =========================================================================== public API
def muscle_names() -> tuple[str, ...]:
    """The right-leg muscle (actuator) names, in model order, e.g. ``"recfem_r"``.

    Returns
    -------
    tuple of str
        40 names ending in ``_r``.
    """
    return _engine().names


def optimal_fibre_lengths_m() -> dict[str, float]:
    """``{muscle: L0}`` used for fibre strain [m] (see the module docstring).

    Returns
    -------
    dict of str to float
        Optimal fibre length ``L0`` [m] of each right-leg muscle.
    """
    e = _engine()
    return dict(zip(e.names, map(float, e.l0), strict=False))


def reference_lengths_m() -> dict[str, float]:
    """Musculotendon lengths in anatomical standing (all angles zero) [m].

    Returns
    -------
    dict of str to float
        Musculotendon length [m] of each right-leg muscle in standing.
    """
    e = _engine()
    return dict(zip(e.names, map(float, e.reference), strict=False))


def musculotendon_lengths_m(poses) -> np.ndarray:
    """Musculotendon lengths [m] of every right-leg muscle for each pose.

    Parameters
    ----------
    poses : array-like of shape (N, 4), one row of 4 numbers, a catalog Pose, or a list of them
        ``[hip_flexion_deg, hip_adduction_deg, hip_rotation_deg, knee_flexion_deg]``.

    Returns
    -------
    numpy.ndarray of shape (N, n_muscles), columns in :func:`muscle_names` order.
    """
    arr = _angles_array(poses)
    return _engine().lengths(arr)


def _change_from_lengths(angles: np.ndarray, lengths: np.ndarray) -> LengthChange:
    e = _engine()
    ref, l0 = e.reference, e.l0
    pct = (100.0 * (lengths - ref) / ref).tolist()
    strain = ((lengths - ref) / l0).tolist()
    rows = []
    for k, name in enumerate(e.names):
        cid, group, groups = e.catalog[k]
        rows.append(
            MuscleChange(
                muscle=name,
                catalog_id=cid,
                group=group,
                groups=groups,
                length_m=float(lengths[k]),
                reference_length_m=float(ref[k]),
                length_change_pct=pct[k],
                fibre_strain=strain[k],
                optimal_fibre_length_m=float(l0[k]),
            )
        )
    pose = {k: float(v) for k, v in zip(JOINTS, angles, strict=False)}
    return LengthChange(pose=pose, rows=tuple(rows))


def length_change(pose=None, **angles) -> LengthChange:
    """Change of every right-leg muscle's length from anatomical standing to ``pose``.

    Parameters
    ----------
    pose : catalog Pose, mapping, or 4 numbers, optional
        The pose; or give the angles as keywords (missing ones are 0):
        ``length_change(hip_flexion_deg=90, knee_flexion_deg=0)``.

    Returns
    -------
    LengthChange
        ``.rows`` (one :class:`MuscleChange` per muscle), ``.by_group()``, ``.top(n)``,
        ``.to_json()``.

    Raises
    ------
    InputError
        An angle outside :data:`JOINT_RANGES_DEG` or not a number; the message names the
        joint, the value and the range.
    """
    a = _angles(pose, **angles)
    return _change_from_lengths(a, _engine().lengths(a[None, :])[0])


def length_change_batch(poses) -> list[LengthChange]:
    """:func:`length_change` for many poses at once (one model pass per pose).

    Parameters
    ----------
    poses : array-like of shape (N, 4), or a list of poses
        Each pose as for :func:`length_change` (angles [deg]).

    Returns
    -------
    list of LengthChange
        One per pose, in order.
    """
    arr = _angles_array(poses)
    lengths = _engine().lengths(arr)
    return [_change_from_lengths(a, L) for a, L in zip(arr, lengths, strict=False)]


def _stretch(stretch_or_id) -> Stretch:
    if isinstance(stretch_or_id, Stretch):
        return stretch_or_id
    cat = load_catalog()
    try:
        return cat.stretch(stretch_or_id)
    except KeyError:
        raise InputError(
            "stretch",
            stretch_or_id,
            "a catalog stretch id such as "
            + ", ".join(s.id for s in cat.stretches[:3])
            + " (see `hipcourse stretches`)",
        ) from None


def stretch_effect(stretch_or_id) -> StretchEffect:
    """What the model says a catalog stretch works most, by the module's rule.

    Parameters
    ----------
    stretch_or_id : Stretch or str
        A catalog stretch or its id (``hipcourse stretches`` lists them).

    Returns
    -------
    StretchEffect
        The stretch's length changes (% and fibre strain), its group ranking, its target checks
        and whether the model agrees with the catalog.


    Examples
    --------
    >>> effect = stretch_effect("quad-couch")
    >>> effect.top_muscles(1)[0].muscle
    'recfem_r'
    >>> effect.agrees
    True
    """
    s = _stretch(stretch_or_id)
    return StretchEffect(
        stretch_id=s.id,
        stretch_name=s.name,
        group=s.group,
        targets=s.targets,
        change=length_change(s.pose),
        model_note=getattr(s, "model_note", ""),
    )


def compare_in_stretch(stretch_or_id, muscle_a: str, muscle_b: str) -> MuscleComparison:
    """Compare two catalog muscles in one stretch (mean over each muscle's model parts).

    The course uses it for the source article's claim that its side bend
    (``glute-standing-side-bend``) works gluteus minimus rather than gluteus medius.

    Parameters
    ----------
    stretch_or_id : Stretch or str
        A catalog stretch or its id.
    muscle_a, muscle_b : str
        Catalog muscle ids the model contains (e.g. ``"gluteus-minimus"``).

    Returns
    -------
    MuscleComparison
        Mean % change [%] and mean fibre strain [L0] of each muscle, and which is longer.
    """
    s = _stretch(stretch_or_id)
    parts = length_change(s.pose).by_catalog_muscle()
    cat = load_catalog()
    for m in (muscle_a, muscle_b):
        try:
            cat.muscle(m)
        except KeyError:
            raise InputError("muscle", m, "a catalog muscle id such as gluteus-minimus") from None
        if m not in parts:
            raise InputError(
                "muscle",
                m,
                "a muscle the model contains (not "
                + ", ".join(x.id for x in cat.muscles if not x.model)
                + ")",
            )
    (pa, sa), (pb, sb) = parts[muscle_a], parts[muscle_b]
    return MuscleComparison(s.id, muscle_a, muscle_b, pa, pb, sa, sb)


def pose_state(
    pose=None, muscles: Sequence[str] = (), **angles
) -> tuple[PoseGeometry, LengthChange]:
    """Geometry and length changes of a pose from ONE model pass (what a slider move needs).

    Parameters
    ----------
    pose, muscles, angles
        As for :func:`pose_geometry` (angles [deg]).

    Returns
    -------
    (PoseGeometry, LengthChange)
        The same as ``pose_geometry(...)`` and ``length_change(...)`` would give, computed
        from a single placement of the model.
    """
    geo = pose_geometry(pose, muscles, **angles)
    return geo, _change_from_lengths(_angles(pose, **angles), geo.lengths_m)


def pose_geometry(pose=None, muscles: Sequence[str] = (), **angles) -> PoseGeometry:
    """Body points and the paths of ``muscles`` for drawing a pose (pelvis frame, metres).

    Parameters
    ----------
    pose : catalog Pose, mapping, or 4 numbers, optional
        The pose (angles [deg]); or keyword angles as for :func:`length_change`.
    muscles : sequence of str
        Right-leg muscle names whose paths to return (``"recfem_r"`` or ``"recfem"``).

    Returns
    -------
    PoseGeometry
        ``points`` [m] and ``paths`` [m] in the pelvis frame.
    """
    from hipcourse.kit.checks import instance

    instance("muscles", muscles, (list, tuple), "a list of model muscle names")
    for m in muscles:
        instance("muscles", m, str, "a list of model muscle names")
    a = _angles(pose, **angles)
    e = _engine()
    names = []
    for m in muscles:
        key = m if m.endswith("_r") else m + "_r"
        if key not in e.names:
            raise InputError("muscle", m, "a right-leg muscle name such as recfem_r")
        names.append(key)
    return e.geometry(a, names)


def body_positions(pose=None, **angles) -> dict[str, np.ndarray]:
    """Points of the trunk and the right leg in a pose, pelvis frame [m] (see PoseGeometry).

    Parameters
    ----------
    pose : catalog Pose, mapping, or 4 numbers, optional
        The pose (angles [deg]); or keyword angles.

    Returns
    -------
    dict of str to numpy.ndarray
        Point name -> (3,) position [m].
    """
    return pose_geometry(pose, (), **angles).points


def muscles_of(catalog_ids: Iterable[str]) -> tuple[str, ...]:
    """The right-leg model muscles of some catalog muscles (``gluteus-medius`` -> glmed1-3).

    Parameters
    ----------
    catalog_ids : iterable of str
        Catalog muscle ids.

    Returns
    -------
    tuple of str
        Model muscle names ending in ``_r`` (empty for a muscle the model lacks).
    """
    from hipcourse.kit.checks import instance

    instance(
        "catalog_ids", catalog_ids, (list, tuple, set, frozenset), "a list of catalog muscle ids"
    )
    for c in catalog_ids:
        instance("catalog_ids", c, str, "a list of catalog muscle ids")
    cat = load_catalog()
    out = []
    for cid in catalog_ids:
        try:
            muscle = cat.muscle(cid)
        except KeyError:
            from hipcourse.kit.checks import InputError

            raise InputError(
                "catalog_ids", cid, "catalog muscle ids such as 'rectus-femoris'"
            ) from None
        out.extend(f"{n}_r" for n in muscle.model)
    return tuple(out)


def display_name(muscle: str) -> str:
    """A readable name for a model muscle: ``"glmin1_r"`` -> ``"Gluteus minimus (glmin1)"``.

    Parameters
    ----------
    muscle : str
        A right-leg model muscle, with or without ``_r``.

    Returns
    -------
    str
        The catalog name, with the model part for muscles in several parts.
    """
    from hipcourse.kit.checks import instance

    instance("muscle", muscle, str, "a model muscle name such as 'recfem_r'")
    e = _engine()
    key = muscle if muscle.endswith("_r") else muscle + "_r"
    if key not in e.names:
        raise InputError("muscle", muscle, "a right-leg muscle name such as recfem_r")
    mus = load_catalog().muscle_by_model_name(key)
    row = MuscleChange(key, mus.id if mus else None, None, (), 0, 0, 0, 0, 0)
    return _display_name(row)
