"""Posture and compensation: a person's typical spine, a posture's change of pelvic tilt and
how the spine compensates to keep the head over the hips, sitting, and the comparison
with the adult norms.
"""

from __future__ import annotations

from hipcourse.kit.checks import choice, number
from hipcourse.models.spine.geometry import Alignment, _alignment, _head_over_hip
from hipcourse.models.spine.pelvis import (
    ADULT_NORMS,
    DEFAULT_PELVIC_INCIDENCE_DEG,
    DEFAULT_PELVIC_TILT_DEG,
    LORDOSIS_PER_SACRAL_SLOPE,
    MODES,
    SITTING_CHANGES,
    TYPICAL_CERVICAL_LORDOSIS_DEG,
    TYPICAL_THORACIC_KYPHOSIS_DEG,
    _derived_pelvic_tilt,
    check_pelvic_incidence,
    check_pelvic_tilt,
    typical_lumbar_lordosis_deg,
    typical_pelvic_tilt_deg,
)


# --------------------------------------------------------------------------- the two uses
def spine_for_person(
    pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG, pelvic_tilt_deg: float | None = None
) -> Alignment:
    """The typical standing spine of healthy adults with this PI (**across people**).

    Parameters
    ----------
    pelvic_incidence_deg : float
        PI [deg], 20-100 (default 52, the adult mean).
    pelvic_tilt_deg : float or None
        PT [deg], -30-60. None (default) takes the typical PT for this PI.

    Returns
    -------
    Alignment
        With ``mode == "person"``.

    Notes
    -----
    PT and LL from :func:`typical_pelvic_tilt_deg` and :func:`typical_lumbar_lordosis_deg`
    (the slopes of [LeHuec2016]_ anchored at the compiled means [BMCSurg2019]_);
    SS = PI - PT; TK and CL are the adult means (40.6 deg T2-T12 [BMCSurg2019]_; 15 deg C2-C7, AO Surgery
    Reference, secondary), because across people neither is associated with PI (642
    volunteers, PubMed 40261392).

    Giving ``pelvic_tilt_deg`` rotates this typical spine with its pelvis *without*
    changing its curves: across people, lordosis follows PI, and PT is only weakly
    related to it (r = -0.155 between PT and maximal lordosis in 220 Chinese adults,
    Chin J Spine Spinal Cord 2021). The SVA then shows how far such a spine would lean.
    To see how one person's curves *respond* to a tilt, use :func:`spine_for_posture`.

    Examples
    --------
    >>> a = spine_for_person(52)
    >>> round(a.pelvic_tilt_deg, 1), round(a.lumbar_lordosis_deg, 1), a.roussouly_type
    (13.0, 61.0, '3')
    """  # noqa: E501
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    neutral = typical_pelvic_tilt_deg(pi)
    pt = neutral if pelvic_tilt_deg is None else check_pelvic_tilt(pelvic_tilt_deg)
    return _alignment(
        pi,
        pt,
        typical_lumbar_lordosis_deg(pi),
        TYPICAL_THORACIC_KYPHOSIS_DEG,
        TYPICAL_CERVICAL_LORDOSIS_DEG,
        "person",
        neutral,
    )


def _solve_compensation(ss, ll, tk0, cl0, pt, target_mm):
    """Equal change d of TK and CL that puts the head ``target_mm`` in front of the hips.

    A bracketing root search (step out from 0 downhill, then regula falsi with bisection
    safeguards). If no root exists within +-150 deg the least-bad value is returned, so the
    model never fails for an allowed input.
    """

    def f(d):
        return _head_over_hip(ss, ll, tk0 + d, cl0 + d, pt) - target_mm

    fa = f(0.0)
    if abs(fa) < 1e-7:
        return 0.0
    slope = f(1.0) - fa
    direction = -1.0 if fa * slope > 0 else 1.0
    a, b, fb = 0.0, 0.0, fa
    best = (abs(fa), 0.0)
    while True:
        nb = b + direction * 4.0
        if abs(nb) > 150.0:
            return best[1]
        fnb = f(nb)
        best = min(best, (abs(fnb), nb))
        if fa * fnb <= 0:
            b, fb = nb, fnb
            break
        a, fa, b = nb, fnb, nb
    for i in range(100):
        m = b - fb * (b - a) / (fb - fa) if (fb != fa and i % 3 != 2) else 0.5 * (a + b)
        if not (min(a, b) < m < max(a, b)):
            m = 0.5 * (a + b)
        fm = f(m)
        if abs(fm) < 1e-7 or abs(b - a) < 1e-10:
            return m
        if fa * fm < 0:
            b, fb = m, fm
        else:
            a, fa = m, fm
    return 0.5 * (a + b)


def spine_for_posture(
    pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG,
    pelvic_tilt_deg: float = DEFAULT_PELVIC_TILT_DEG,
    *,
    neutral_pelvic_tilt_deg: float | None = None,
    compensate: bool = True,
) -> Alignment:
    """One person's spine when their pelvis tilts from its neutral (**within a person**).

    Parameters
    ----------
    pelvic_incidence_deg : float
        The person's PI [deg], 20-100 (default 52).
    pelvic_tilt_deg : float
        PT in the posture of interest [deg], -30-60 (default 13, the adult mean).
    neutral_pelvic_tilt_deg : float or None
        PT of this person's relaxed standing posture [deg]; None takes the typical PT for
        their PI (:func:`typical_pelvic_tilt_deg`).
    compensate : bool
        If False, the upper curves keep their neutral values (the step before the
        thoracic and cervical spine react; used to draw the chain of events).

    Returns
    -------
    Alignment
        With ``mode == "posture"``.

    Notes
    -----
    1. The neutral spine is the typical spine for this PI (:func:`spine_for_person`).
    2. The pelvis tilts: SS = PI - PT, so an anterior tilt of d raises SS by d.
    3. The lumbar lordosis follows the sacral slope one to one,
       LL = LL_neutral + (SS - SS_neutral), as measured for voluntary tilts in standing
       (+11.4 deg tilt -> +10.8 deg lordosis; -8.7 -> -9.0) [Levine1996]_. The model also
       reproduces the lordosis lost in sitting (Endo 2012: PT +18.3, LL -16.6; see
       :data:`SITTING_CHANGES`).
    4. The thoracic kyphosis and cervical lordosis change by the same amount d, so the
       head keeps its neutral orientation (level gaze, with the joints between skull and C2
       assumed fixed), and d is chosen so that the head stays at its neutral distance in
       front of the hip axis. This step is the model's assumption, not a measurement:
       Day et al. 1984 (Phys Ther 64:510) found that voluntary pelvic tilt changed the
       lumbar curve but not the thoracic one, and people can also rebalance with the
       hips, knees and ankles.

    Examples
    --------
    >>> n = spine_for_posture(52, typical_pelvic_tilt_deg(52))
    >>> forward = spine_for_posture(52, typical_pelvic_tilt_deg(52) - 10)
    >>> round(forward.lumbar_lordosis_deg - n.lumbar_lordosis_deg, 6)
    10.0
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    pt = check_pelvic_tilt(pelvic_tilt_deg)
    neutral = spine_for_person(
        pi,
        None
        if neutral_pelvic_tilt_deg is None
        else check_pelvic_tilt(neutral_pelvic_tilt_deg, "neutral_pelvic_tilt_deg"),
    )
    pt0 = neutral.pelvic_tilt_deg
    ss0, ll0 = neutral.sacral_slope_deg, neutral.lumbar_lordosis_deg
    tk0, cl0 = neutral.thoracic_kyphosis_deg, neutral.cervical_lordosis_deg
    ss = pi - pt
    ll = ll0 + LORDOSIS_PER_SACRAL_SLOPE * (ss - ss0)
    d = 0.0
    if compensate:
        target = neutral.geometry.head_over_hip_mm()
        d = _solve_compensation(ss, ll, tk0, cl0, pt, target)
    return _alignment(pi, pt, ll, tk0 + d, cl0 + d, "posture", pt0)


def spine_alignment(
    pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG,
    pelvic_tilt_deg: float | None = None,
    mode: str = "posture",
) -> Alignment:
    """:func:`spine_for_posture` or :func:`spine_for_person`, chosen by ``mode``.

    In posture mode a missing ``pelvic_tilt_deg`` means the adult mean 13; in person mode
    it means the typical PT for this PI.

    Parameters
    ----------
    pelvic_incidence_deg : float
        Pelvic incidence [deg], 20 to 100 (default 52, the adult mean).
    pelvic_tilt_deg : float or None
        Pelvic tilt [deg], -30 to 60; None: the default of the mode (see above).
    mode : {"posture", "person"}
        ``"posture"``: one person changes posture (the spine compensates); ``"person"``: a
        typical person with this PI and PT.

    Returns
    -------
    Alignment
        PI, PT, SS, LL, TK, CL [deg], SVA [mm] and the spine's geometry.
    """
    mode = choice("mode", mode, MODES)
    if mode == "person":
        return spine_for_person(pelvic_incidence_deg, pelvic_tilt_deg)
    pt = DEFAULT_PELVIC_TILT_DEG if pelvic_tilt_deg is None else pelvic_tilt_deg
    return spine_for_posture(pelvic_incidence_deg, pt)


def tilt_chain(
    pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG, anterior_tilt_deg: float = 10.0
) -> list[tuple[str, Alignment]]:
    """The chain of events when one pelvis tips forward, as four spines.

    1. neutral; 2. the pelvis tips forward by ``anterior_tilt_deg`` and the spine rides
    along unchanged (the head pitches down and moves forward); 3. the lumbar curve deepens
    one to one [Levine1996]_ (gaze level again, head still in front); 4. the thoracic and
    cervical curves adjust to bring the head back over the hips (the model's assumption,
    see :func:`spine_for_posture`).

    Parameters
    ----------
    anterior_tilt_deg : float
        Forward tilt from neutral [deg], between -40 and 40 (negative = backward).

    Returns
    -------
    list of (str, Alignment)
        The four stages, each with a short label, in order.
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    d = number("anterior_tilt_deg", anterior_tilt_deg, -40.0, 40.0, unit="deg")
    n = spine_for_person(pi)
    pt = _derived_pelvic_tilt(n.pelvic_tilt_deg - d, "pelvic tilt after the tilt")
    rigid = _alignment(
        pi,
        pt,
        n.lumbar_lordosis_deg,
        n.thoracic_kyphosis_deg,
        n.cervical_lordosis_deg,
        "posture",
        n.pelvic_tilt_deg,
        head_pitch=d,
    )
    rigid = _replace_mode(rigid)
    return [
        ("1. neutral", _replace_mode(n)),
        ("2. pelvis tips, spine rides along", rigid),
        ("3. low back curves more", spine_for_posture(pi, pt, compensate=False)),
        ("4. upper back and neck adjust", spine_for_posture(pi, pt)),
    ]


def _replace_mode(a: Alignment) -> Alignment:
    from dataclasses import replace

    return replace(a, mode="posture")


def sitting_spine(
    pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG, study: str = "Endo 2012"
) -> tuple[Alignment, Alignment]:
    """(standing, sitting) for one person, sitting = PT raised by the measured change.

    The measured change of PT on sitting (Endo 2012: +18.3 deg, 50 adults; Moon 2018:
    +12.5 deg, 16 adults, see :data:`SITTING_CHANGES`) is applied to the typical neutral
    spine for this PI and the model predicts the rest.

    Parameters
    ----------
    pelvic_incidence_deg : float
        Pelvic incidence [deg], 20 to 100.
    study : {"Endo 2012", "Moon 2018"}
        Whose measured change of PT on sitting to apply (:data:`SITTING_CHANGES`).

    Returns
    -------
    tuple of Alignment
        ``(standing, sitting)``.
    """
    study = choice("study", study, SITTING_CHANGES)
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    stand = spine_for_posture(pi, typical_pelvic_tilt_deg(pi))
    dpt = SITTING_CHANGES[study]["pelvic_tilt_deg"]
    sit = spine_for_posture(
        pi, _derived_pelvic_tilt(stand.pelvic_tilt_deg + dpt, "pelvic tilt in sitting")
    )
    return stand, sit


def compare_with_norms(alignment: Alignment | None = None) -> list[dict]:
    """Rows comparing an alignment (default: ``spine_for_posture()``) with adult norms.

    Each row: ``name``, ``levels``, ``model``, ``mean``, ``sd``, ``within_one_sd`` (None
    without an SD), ``unit``, ``source``, ``secondary``.

    Parameters
    ----------
    alignment : Alignment, optional
        The spine to compare; default ``spine_for_posture()``.

    Returns
    -------
    list of dict
        One row per norm in :data:`ADULT_NORMS`; angles in [deg], SVA in [mm].
    """
    if alignment is not None:
        from hipcourse.kit.checks import instance

        instance("alignment", alignment, Alignment, "an Alignment (from spine_for_person)")
    a = alignment or spine_for_posture()
    rows = []
    for key, norm in ADULT_NORMS.items():
        value = float(getattr(a, key))
        within = None if norm.sd is None else abs(value - norm.mean) <= norm.sd
        rows.append(
            {
                "name": norm.label,
                "key": key,
                "levels": norm.levels,
                "model": value,
                "mean": norm.mean,
                "sd": norm.sd,
                "within_one_sd": within,
                "unit": norm.unit,
                "source": norm.source,
                "secondary": norm.secondary,
            }
        )
    return rows


def norms_text(alignment: Alignment | None = None) -> str:
    """:func:`compare_with_norms` as a small fixed-width text table.

    Parameters
    ----------
    alignment : Alignment, optional
        The spine to compare; default ``spine_for_posture()``.

    Returns
    -------
    str
        The table, one norm per line, with its source.
    """
    if alignment is not None:
        from hipcourse.kit.checks import instance

        instance("alignment", alignment, Alignment, "an Alignment (from spine_for_person)")
    lines = [f"{'':34} {'model':>7} {'published':>14}  within 1 SD"]
    for r in compare_with_norms(alignment):
        name = r["name"] + (f" ({r['levels']})" if r["levels"] else "")
        pub = f"{r['mean']:g} ± {r['sd']:g}" if r["sd"] is not None else f"{r['mean']:g} (no SD)"
        within = {True: "yes", False: "NO", None: "-"}[r["within_one_sd"]]
        lines.append(f"{name:34} {r['model']:7.1f} {pub:>14}  {within}")
    return "\n".join(lines)
