"""Sweeps and grids over the models: what the course's figures show, computed here.

Each function moves one or two joint angles (or a shortening) over a range and returns
the models' numbers as plain arrays; :mod:`hipcourse.views.plots` only draws them. Angles
are in degrees and follow the sign conventions of :mod:`hipcourse.models.musculoskeletal`
(flexion, adduction, internal rotation and knee flexion positive). Muscle lengths come from
MyoLeg (derived from Rajagopal et al. 2016, IEEE Trans Biomed Eng 63:2068), the spine from
:mod:`hipcourse.models.spine`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hipcourse.content.catalog import GROUP_IDS, load_catalog
from hipcourse.kit.checks import InputError, choice, number

#: Single-plane movements from standing that :func:`movement_lengths` visits, as
#: ``(label, {angle: value})`` with angles in degrees and the course's signs (flexion,
#: adduction, internal rotation and knee flexion positive). Sizes stay inside everyday
#: range (hip abduction 30-50 deg, rotation 30-60 deg: Wilson 2014, Am Fam Physician 89:27,
#: via fpnotebook.com, secondary).
MOVEMENTS = (
    ("hip flexion 90°", {"hip_flexion_deg": 90.0}),
    ("hip extension 20°", {"hip_flexion_deg": -20.0}),
    ("abduction 40°", {"hip_adduction_deg": -40.0}),
    ("adduction 20°", {"hip_adduction_deg": 20.0}),
    ("internal rotation 35°", {"hip_rotation_deg": 35.0}),
    ("external rotation 35°", {"hip_rotation_deg": -35.0}),
    ("knee flexion 90°", {"knee_flexion_deg": 90.0}),
)


def _msk():
    from hipcourse.models import musculoskeletal

    return musculoskeletal


def _stretch(stretch_id: str):
    cat = load_catalog()
    try:
        return cat.stretch(stretch_id)
    except KeyError:
        raise InputError(
            "stretch_id", stretch_id, "a catalog stretch id such as hamstring-supine-strap"
        ) from None


def group_parts(group: str | None, muscles=None) -> list:
    """The catalog muscles of ``group`` (or ``muscles``) that the model holds, with their parts.

    Parameters
    ----------
    group : str or None
        A catalog group id (``"glutes"``); ignored when ``muscles`` is given.
    muscles : str or list of str, optional
        Catalog muscle ids the model contains, e.g. ``["gluteus-medius", "gluteus-minimus"]``.

    Returns
    -------
    list of (catalog Muscle, list of str)
        Each muscle with its right-leg model parts (``gluteus-medius`` -> glmed1_r..3_r).

    Raises
    ------
    InputError
        An unknown group or muscle id, a muscle the model lacks, or no muscle at all.
    """
    msk = _msk()
    cat = load_catalog()
    if muscles is None:
        group = choice("group", group, GROUP_IDS)
        chosen = [m for m in cat.muscles_of(group) if m.model]
    else:
        chosen = []
        for mid in [muscles] if isinstance(muscles, str) else list(muscles):
            try:
                m = cat.muscle(mid)
            except KeyError:
                raise InputError(
                    "muscles", mid, "catalog muscle ids such as gluteus-minimus"
                ) from None
            if not m.model:
                raise InputError("muscles", mid, "a muscle the model contains")
            chosen.append(m)
        if not chosen:
            raise InputError("muscles", muscles, "at least one catalog muscle id")
    return [(m, list(msk.muscles_of([m.id]))) for m in chosen]


@dataclass(frozen=True)
class AngleSweep:
    """One joint of a stretch's pose moved, the others held: each muscle's response.

    ``angles_deg`` [deg] are the visited angles of ``joint``; ``values`` maps catalog muscle
    ids to an array of ``metric`` (fibre strain [optimal fibre lengths] or % change of
    musculotendon length), the mean over the muscle's model parts; ``base_pose`` holds the
    stretch's own four angles [deg].
    """

    stretch_id: str
    joint: str
    metric: str
    angles_deg: np.ndarray
    base_pose: dict
    values: dict


def angle_sweep(
    stretch_id: str,
    joint: str = "knee_flexion_deg",
    muscles=None,
    angles_deg=None,
    metric: str = "fibre_strain",
) -> AngleSweep:
    """How muscles lengthen as one joint of a stretch's pose moves, the others held still.

    Parameters
    ----------
    stretch_id : str
        A catalog stretch id; its pose is the starting point.
    joint : str
        One of ``hip_flexion_deg``, ``hip_adduction_deg``, ``hip_rotation_deg``,
        ``knee_flexion_deg``.
    muscles : list of str, optional
        Catalog muscle ids; default the modelled muscles of the stretch's group.
    angles_deg : sequence of float, optional
        Angles to visit [deg]; default the model's whole range for ``joint`` in 5° steps.
    metric : {"fibre_strain", "length_change_pct"}
        Fibre strain (change of length / optimal fibre length) or % change of length.

    Returns
    -------
    AngleSweep
    """
    msk = _msk()
    cat = load_catalog()
    s = _stretch(stretch_id)
    joint = choice("joint", joint, msk.JOINTS)
    metric = choice("metric", metric, msk.METRICS)
    lo, hi = msk.JOINT_RANGES_DEG[joint]
    if angles_deg is None:
        angles = np.arange(lo, hi + 1e-9, 5.0)
    else:
        angles = np.array([number(joint, a, lo, hi, unit="degrees") for a in angles_deg])
        if len(angles) < 2:
            raise InputError("angles_deg", list(angles_deg), "at least two angles")
    if muscles is None:
        muscles = [m.id for m in cat.muscles_of(s.group) if m.model]
    muscles = list(muscles)
    for m in muscles:
        try:
            if not cat.muscle(m).model:
                raise InputError("muscles", m, "a muscle the model contains")
        except KeyError:
            raise InputError("muscles", m, "catalog muscle ids such as rectus-femoris") from None
    base = s.pose.joint_angles()
    poses = [dict(base, **{joint: float(a)}) for a in angles]
    changes = [c.by_catalog_muscle() for c in msk.length_change_batch(poses)]
    k = 1 if metric == "fibre_strain" else 0
    values = {m: np.array([c[m][k] for c in changes]) for m in muscles}
    return AngleSweep(s.id, joint, metric, angles, base, values)


@dataclass(frozen=True)
class MovementLengths:
    """% change of musculotendon length of a group's model parts in :data:`MOVEMENTS`.

    ``rows`` are ``(catalog Muscle, model part)``; ``length_change_pct`` has one row per
    part and one column per movement [%].
    """

    group: str
    rows: list
    length_change_pct: np.ndarray


def movement_lengths(group: str) -> MovementLengths:
    """What each muscle of a group does, read from what lengthens it.

    Parameters
    ----------
    group : str
        A catalog group id.

    Returns
    -------
    MovementLengths
        One row per model part of the group's modelled muscles, one column per movement of
        :data:`MOVEMENTS` (from anatomical standing).
    """
    msk = _msk()
    rows = [(m, p) for m, parts in group_parts(group) for p in parts]
    changes = msk.length_change_batch([dict(a) for _, a in MOVEMENTS])
    Z = np.array([[c[p].length_change_pct for c in changes] for _, p in rows])
    return MovementLengths(group, rows, Z)


@dataclass(frozen=True)
class StretchParts:
    """Chosen muscles' model parts in some stretches.

    ``changes`` holds one :class:`~hipcourse.models.musculoskeletal.LengthChange` per stretch
    (index a part's row with ``changes[k][part]``); ``rows`` are ``(catalog Muscle, part)``.
    """

    stretch_ids: list
    rows: list
    changes: list


def stretch_parts(stretch_ids, muscles) -> StretchParts:
    """The length change of chosen muscles, part by part, in one to four stretches.

    Parameters
    ----------
    stretch_ids : str or list of str
        Catalog stretch ids (at most four).
    muscles : list of str
        Catalog muscle ids the model contains.

    Returns
    -------
    StretchParts
    """
    msk = _msk()
    cat = load_catalog()
    ids = [stretch_ids] if isinstance(stretch_ids, str) else list(stretch_ids)
    if not 1 <= len(ids) <= 4:
        raise InputError("stretch_ids", stretch_ids, "one to four catalog stretch ids")
    ids = [choice("stretch_ids", s, [x.id for x in cat.stretches]) for s in ids]
    rows = [(m, p) for m, parts in group_parts(None, muscles) for p in parts]
    changes = [msk.stretch_effect(s).change for s in ids]
    return StretchParts(ids, rows, changes)


@dataclass(frozen=True)
class StrainDifferenceGrid:
    """Fibre strain of muscle ``a`` minus muscle ``b`` over hip flexion x hip adduction.

    ``difference[i, j]`` is at ``hip_flexion_deg[i]``, ``hip_adduction_deg[j]`` [deg] (each
    muscle the mean over its model parts); ``base_pose`` is the stretch's own pose [deg].
    """

    stretch_id: str
    muscle_a: object
    muscle_b: object
    hip_flexion_deg: np.ndarray
    hip_adduction_deg: np.ndarray
    base_pose: dict
    difference: np.ndarray


def strain_difference_grid(
    stretch_id: str,
    muscle_a: str,
    muscle_b: str,
    flexion_deg=(-20.0, 30.0),
    adduction_deg=(0.0, 30.0),
    step_deg: float = 5.0,
) -> StrainDifferenceGrid:
    """Does "this stretch works A more than B" survive small changes of the pose?

    Parameters
    ----------
    stretch_id : str
        A catalog stretch id; rotation and knee stay at its pose.
    muscle_a, muscle_b : str
        Catalog muscle ids the model contains.
    flexion_deg, adduction_deg : (float, float)
        Spans of hip flexion and hip adduction [deg], inside the model's joint ranges.
    step_deg : float
        Grid step [deg], 1 to 30.

    Returns
    -------
    StrainDifferenceGrid
        As in :func:`hipcourse.models.musculoskeletal.compare_in_stretch`, per grid pose.
    """
    msk = _msk()
    cat = load_catalog()
    s = cat.stretch(choice("stretch_id", stretch_id, [x.id for x in cat.stretches]))
    (a, _), (b, _) = group_parts(None, [muscle_a, muscle_b])
    step = number("step_deg", step_deg, 1, 30, unit="degrees")
    spans = []
    for field_name, span in (
        ("hip_flexion_deg", flexion_deg),
        ("hip_adduction_deg", adduction_deg),
    ):
        lo_ok, hi_ok = msk.JOINT_RANGES_DEG[field_name]
        if not (isinstance(span, (tuple, list)) and len(span) == 2):
            raise InputError(
                field_name.replace("_deg", "") + " span", span, "(low, high) in degrees"
            )
        lo = number(field_name, span[0], lo_ok, hi_ok, unit="degrees")
        hi = number(field_name, span[1], lo, hi_ok, unit="degrees")
        spans.append(np.arange(lo, hi + 1e-9, step))
    flex, add = spans
    base = s.pose.joint_angles()
    poses = [
        dict(base, hip_flexion_deg=float(f), hip_adduction_deg=float(d)) for f in flex for d in add
    ]
    diffs = []
    for ch in msk.length_change_batch(poses):
        means = ch.by_catalog_muscle()
        diffs.append(means[a.id][1] - means[b.id][1])
    Z = np.array(diffs).reshape(len(flex), len(add))
    return StrainDifferenceGrid(s.id, a, b, flex, add, base, Z)


@dataclass(frozen=True)
class LengthGrid:
    """% length change of one muscle over hip flexion x knee flexion (adduction, rotation 0).

    ``length_change_pct[i, j]`` is at ``knee_flexion_deg[i]`` and ``hip_flexion_deg[j]``
    [deg], from anatomical standing [%].
    """

    muscle: str
    hip_flexion_deg: np.ndarray
    knee_flexion_deg: np.ndarray
    length_change_pct: np.ndarray


def length_grid(muscle: str = "recfem_r", step_deg: float = 5.0) -> LengthGrid:
    """A muscle's length over the model's whole hip-flexion and knee-flexion ranges.

    Parameters
    ----------
    muscle : str
        A right-leg model muscle name (``"recfem_r"``; the ``_r`` may be left off).
    step_deg : float
        Grid step [deg].

    Returns
    -------
    LengthGrid
        Two-joint muscles show diagonal bands: their length depends on both angles.
    """
    msk = _msk()
    hip_lo, hip_hi = msk.JOINT_RANGES_DEG["hip_flexion_deg"]
    kn_lo, kn_hi = msk.JOINT_RANGES_DEG["knee_flexion_deg"]
    hips = np.arange(hip_lo, hip_hi + 1e-9, step_deg)
    knees = np.arange(kn_lo, kn_hi + 1e-9, step_deg)
    H, K = np.meshgrid(hips, knees)
    poses = np.column_stack([H.ravel(), np.zeros(H.size), np.zeros(H.size), K.ravel()])
    key = muscle if muscle.endswith("_r") else muscle + "_r"
    names = msk.muscle_names()
    if key not in names:
        raise InputError("muscle", muscle, "a right-leg muscle name such as recfem_r")
    col = names.index(key)
    ref = msk.reference_lengths_m()[key]
    pct = 100.0 * (msk.musculotendon_lengths_m(poses)[:, col] - ref) / ref
    return LengthGrid(key, hips, knees, pct.reshape(H.shape))


@dataclass(frozen=True)
class HipFlexorTiltSweep:
    """Standing anterior tilt [deg] forced by shortened hip flexors, per shortening [%].

    ``by_muscle`` holds one ``{"iliacus": deg, "psoas": deg}`` per shortening; ``both`` the
    tilt when both are shortened (the larger of the two).
    """

    shortening_pct: np.ndarray
    by_muscle: list
    both: list


def hip_flexor_tilt_sweep(max_pct: float | None = None, n: int = 31) -> HipFlexorTiltSweep:
    """:func:`hipcourse.models.spine.hip_flexor_tilt_by_muscle` from 0 to ``max_pct``.

    Parameters
    ----------
    max_pct : float, optional
        Largest shortening [%]; default :func:`hipcourse.models.spine.max_hip_flexor_shortening_pct`.
    n : int
        Number of evenly spaced shortenings.
    """  # noqa: E501
    from hipcourse.models import spine

    top = max_pct if max_pct is not None else spine.max_hip_flexor_shortening_pct()
    pcts = np.linspace(0.0, top, n)
    by = [spine.hip_flexor_tilt_by_muscle(p) for p in pcts]
    return HipFlexorTiltSweep(pcts, by, [max(b.values()) for b in by])


def forward_bend_sweep(
    trunk_flexion_deg: float = 110.0,
    max_pct: float = 15.0,
    knee_flexion_deg: float = 0.0,
    n: int = 31,
) -> tuple[np.ndarray, list]:
    """:func:`hipcourse.models.spine.forward_bend` for hamstring shortenings 0..``max_pct``.

    Parameters
    ----------
    trunk_flexion_deg : float
        Inclination of the trunk at the end of the bend [deg].
    max_pct : float
        Largest hamstring shortening [% of normal greatest length].
    knee_flexion_deg : float
        Knee bend during the bend [deg].
    n : int
        Number of evenly spaced shortenings.

    Returns
    -------
    (numpy.ndarray, list of ForwardBend)
        The shortenings [%] and the bend at each.
    """
    from hipcourse.models import spine

    pcts = np.linspace(0.0, max_pct, n)
    return pcts, [spine.forward_bend(trunk_flexion_deg, p, knee_flexion_deg) for p in pcts]
