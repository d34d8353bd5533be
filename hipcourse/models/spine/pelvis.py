"""The pelvis and the published norms: allowed ranges, adult norms (mean, SD, source), the
pelvic identity PI = PT + SS, tilt from ASIS-PSIS angles and the across-people relations
(PT and LL from PI, Roussouly's PI classes); the sitting changes within a person.

Every value cites its paper; see :mod:`hipcourse.models.spine` for the reference list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hipcourse.kit.checks import InputError, number

# --------------------------------------------------------------------------- ranges
#: Allowed pelvic incidence [deg]. Healthy adults span about 33-85 (PMC5859489); the
#: model accepts a wider band so that teaching examples at the edges still run.
PELVIC_INCIDENCE_RANGE_DEG = (20.0, 100.0)
#: Allowed pelvic tilt [deg] (radiographic, positive = pelvis rolled backwards).
PELVIC_TILT_RANGE_DEG = (-30.0, 60.0)

MODES = ("posture", "person")


# --------------------------------------------------------------------------- norms
@dataclass(frozen=True)
class Norm:
    """A published normative value for healthy adults.

    ``sd`` is None when the source gives no spread; ``low``/``high`` are the observed range
    when reported. ``secondary`` marks a value taken from a summary, not a primary table.
    """

    label: str
    mean: float
    sd: float | None
    low: float | None
    high: float | None
    unit: str
    levels: str
    source: str
    secondary: bool = False

    @property
    def band(self) -> tuple[float, float] | None:
        """Mean +- one SD, or None without an SD."""
        if self.sd is None:
            return None
        return (self.mean - self.sd, self.mean + self.sd)


_BMC = "BMC Surg 2019;19:7, Table 1 (PMC6334400), compiled asymptomatic cohorts"

#: Published adult means (the model's defaults and its test targets).
ADULT_NORMS: dict[str, Norm] = {
    "pelvic_incidence_deg": Norm("pelvic incidence", 51.9, 10.0, 35.0, 85.0, "deg", "", _BMC),
    "pelvic_tilt_deg": Norm("pelvic tilt", 13.0, 6.0, -4.7, 27.0, "deg", "", _BMC),
    "sacral_slope_deg": Norm("sacral slope", 41.0, 8.0, None, None, "deg", "", _BMC),
    "lumbar_lordosis_deg": Norm("lumbar lordosis", 60.9, 12.0, 31.0, 88.0, "deg", "L1-S1", _BMC),
    "thoracic_kyphosis_deg": Norm(
        "thoracic kyphosis", 40.6, 10.0, 0.0, 69.0, "deg", "T2-T12", _BMC
    ),
    "cervical_lordosis_deg": Norm(
        "cervical lordosis",
        15.0,
        None,
        None,
        None,
        "deg",
        "C2-C7",
        "AO Surgery Reference, 'Sagittal spinal alignment' (a textbook summary, no SD given)",
        secondary=True,
    ),
    "sva_mm": Norm("sagittal vertical axis", -0.5, 25.0, -60.0, 65.0, "mm", "C7 to S1", _BMC),
}

#: Default pelvic incidence [deg]: the compiled adult mean 51.9 +- 10 rounded to 52.
DEFAULT_PELVIC_INCIDENCE_DEG = 52.0
#: Default pelvic tilt [deg]: the compiled adult mean 13 +- 6.
DEFAULT_PELVIC_TILT_DEG = 13.0


# --------------------------------------------------------------------------- validation
def check_pelvic_incidence(value) -> float:
    """Return ``value`` as a float PI in 20-100 deg or raise :class:`InputError`.

    Parameters
    ----------
    value : float
        Pelvic incidence [deg], allowed 20 to 100 (:data:`PELVIC_INCIDENCE_RANGE_DEG`).

    Returns
    -------
    float
        The same PI [deg] as a float.

    Examples
    --------
    >>> check_pelvic_incidence(52)
    52.0
    >>> check_pelvic_incidence(120)
    Traceback (most recent call last):
    ...
    hipcourse.kit.checks.InputError: pelvic_incidence_deg = 120 is not allowed; expected a number from 20 to 100 deg
    """  # noqa: E501
    lo, hi = PELVIC_INCIDENCE_RANGE_DEG
    return number("pelvic_incidence_deg", value, lo, hi, unit="deg")


def check_pelvic_tilt(value, field_name: str = "pelvic_tilt_deg") -> float:
    """Return ``value`` as a float PT in -30-60 deg or raise :class:`InputError`.

    Parameters
    ----------
    value : float
        Pelvic tilt [deg], allowed -30 to 60 (:data:`PELVIC_TILT_RANGE_DEG`).
    field_name : str
        The field an error names (default ``pelvic_tilt_deg``).

    Returns
    -------
    float
        The same PT [deg] as a float.
    """
    lo, hi = PELVIC_TILT_RANGE_DEG
    return number(field_name, value, lo, hi, unit="deg")


def _derived_pelvic_tilt(value: float, what: str) -> float:
    """Check a PT the model derived (not typed by the user); the message rounds it."""
    lo, hi = PELVIC_TILT_RANGE_DEG
    if not (lo <= value <= hi):
        raise InputError(what, round(value, 1), f"a number from {lo:g} to {hi:g} deg")
    return float(value)


#: Sacral slopes a human pelvis can take standing or sitting (deg): a geometric bound, not
#: a norm (the norms are :data:`ADULT_NORMS`; sitting lowers SS, :data:`SITTING_CHANGES`).
#: Below 0 the sacral
#: endplate would face backwards past the horizontal, above 90 it would tip past vertical:
#: neither is a human posture.
SACRAL_SLOPE_RANGE_DEG = (0.0, 90.0)


def check_pelvis(pelvic_incidence_deg: float, pelvic_tilt_deg: float) -> float:
    """The sacral slope PI - PT of a checked pair, or :class:`InputError` if the pair is
    no human pelvis (SS outside :data:`SACRAL_SLOPE_RANGE_DEG`), naming both values.

    >>> check_pelvis(30, 40)
    Traceback (most recent call last):
    ...
    hipcourse.kit.checks.InputError: pelvic_tilt_deg = 40.0 is not allowed; expected at most 30 deg with pelvic_incidence_deg = 30 (the sacral slope PI - PT must be 0 to 90 deg; here it is -10)
    """  # noqa: E501
    pi = number("pelvic_incidence_deg", pelvic_incidence_deg, unit="deg")
    pt = number("pelvic_tilt_deg", pelvic_tilt_deg, unit="deg")
    ss = pi - pt
    lo, hi = SACRAL_SLOPE_RANGE_DEG
    if not lo <= ss <= hi:
        bound = f"at most {pi - lo:g}" if ss < lo else f"at least {pi - hi:g}"
        raise InputError(
            "pelvic_tilt_deg",
            round(pt, 1),
            f"{bound} deg with pelvic_incidence_deg = {pi:g} (the sacral slope "
            f"PI - PT must be {lo:g} to {hi:g} deg; here it is {ss:g})",
        )
    return ss


# --------------------------------------------------------------------------- the pelvis
def sacral_slope_deg(pelvic_incidence_deg: float, pelvic_tilt_deg: float) -> float:
    """Sacral slope from the pelvic identity PI = PT + SS.

    Parameters
    ----------
    pelvic_incidence_deg : float
        Pelvic incidence [deg], 20-100: fixed for each adult pelvis (typical 51.9 +- 10).
    pelvic_tilt_deg : float
        Pelvic tilt [deg], -30-60: larger when the pelvis rolls backwards.

    Returns
    -------
    float
        Sacral slope [deg], the angle of the S1 endplate to the horizontal.

    Notes
    -----
    PI is the angle between the perpendicular to the sacral endplate at its midpoint and
    the line from that point to the femoral-head axis; PT is the angle between that line
    and the vertical; SS is the angle of the endplate to the horizontal. The three close a
    triangle, so PI = PT + SS for every pelvis in every posture [Legaye1998]_.

    Examples
    --------
    >>> sacral_slope_deg(52, 13)
    39.0
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    pt = check_pelvic_tilt(pelvic_tilt_deg)
    return check_pelvis(pi, pt)


def pelvic_tilt_change_from_asis_psis_deg(asis_psis_change_deg: float) -> float:
    """Change of radiographic PT for a change of the ASIS-PSIS angle you can feel.

    Parameters
    ----------
    asis_psis_change_deg : float
        Change of the angle between the horizontal and the line from the posterior to the
        anterior superior iliac spine (PSIS to ASIS) [deg], positive when the front of the
        pelvis drops (anterior tilt), between -60 and 60.

    Returns
    -------
    float
        Change of pelvic tilt PT [deg]: ``-asis_psis_change_deg``.

    Notes
    -----
    Both angles are fixed to the same rigid pelvis, so a rotation of the pelvis about the
    hip axis changes them by the same amount in opposite directions: dPT = -d(ASIS-PSIS),
    and dSS = +d(ASIS-PSIS). This follows from the definitions (it is the course's
    derivation, not a measured result). It holds **within one person only**: the angle
    between the ASIS-PSIS line and the radiographic landmarks depends on the shape of each
    pelvis. In 30 dry pelves the ASIS-PSIS angle in a fixed anatomical position was
    13 +- 5 deg, range 0-23 deg [Preece2008]_, so the *absolute* PT of a person cannot be
    read from their ASIS-PSIS angle without an X-ray.

    Examples
    --------
    >>> pelvic_tilt_change_from_asis_psis_deg(8)
    -8.0
    """
    return -number("asis_psis_change_deg", asis_psis_change_deg, -60.0, 60.0, unit="deg")


def pelvic_tilt_from_asis_psis_deg(
    asis_psis_tilt_deg: float,
    *,
    reference_asis_psis_deg: float,
    reference_pelvic_tilt_deg: float = DEFAULT_PELVIC_TILT_DEG,
) -> float:
    """Radiographic PT from an ASIS-PSIS angle, given one reference pair for the person.

    Parameters
    ----------
    asis_psis_tilt_deg : float
        The ASIS-PSIS angle now [deg] (positive = front of the pelvis lower), -60 to 60.
    reference_asis_psis_deg : float
        The same person's ASIS-PSIS angle in a reference posture [deg], -60 to 60.
    reference_pelvic_tilt_deg : float, optional
        Their radiographic PT in that reference posture [deg]. Without an X-ray the
        population mean 13 (+- 6) is the best guess, so the answer is then uncertain by
        at least that spread.

    Returns
    -------
    float
        PT [deg] = reference PT - (ASIS-PSIS - reference ASIS-PSIS).

    Notes
    -----
    Only the *change* converts exactly (see :func:`pelvic_tilt_change_from_asis_psis_deg`);
    the offset between the two angles is individual (0-23 deg in [Preece2008]_).

    Examples
    --------
    >>> pelvic_tilt_from_asis_psis_deg(20, reference_asis_psis_deg=12)
    5.0
    """
    now = number("asis_psis_tilt_deg", asis_psis_tilt_deg, -60.0, 60.0, unit="deg")
    ref = number("reference_asis_psis_deg", reference_asis_psis_deg, -60.0, 60.0, unit="deg")
    ref_pt = check_pelvic_tilt(reference_pelvic_tilt_deg, "reference_pelvic_tilt_deg")
    return _derived_pelvic_tilt(ref_pt - (now - ref), "pelvic tilt from ASIS-PSIS")


# --------------------------------------------------------------------------- across people
def typical_pelvic_tilt_deg(pelvic_incidence_deg: float) -> float:
    """Typical standing PT of healthy adults with this PI (across people).

    PT = 13 + 0.44 * (PI - 51.9): the slope of Le Huec, Hasegawa et al. 2016
    (PT = 0.44 * PI - 11.4, 268 asymptomatic adults, EOS) [LeHuec2016]_, anchored so that
    the mean PI 51.9 gives the compiled mean PT 13 [BMCSurg2019]_.

    Parameters
    ----------
    pelvic_incidence_deg : float
        Pelvic incidence [deg], 20 to 100.

    Returns
    -------
    float
        Typical standing pelvic tilt [deg] for that PI.


    Notes
    -----
    Le Huec's own intercept gives 1.6 deg less at every PI (11.4 at PI 51.9): their cohort
    stood slightly more anteverted than the compiled cohorts. The anchor keeps the model's
    defaults on the compiled means. Independent check: the PI-class rule of [PIclass]_
    gives 8, 12 and 16 deg for PI 40, 52 and 64; this gives 7.8, 13.0 and 18.3.
    The model takes SS = PI - PT so that the identity holds exactly (Le Huec's SS
    regression, SS = 0.54 * PI + 11.9, has nearly the same slope).

    Examples
    --------
    >>> round(typical_pelvic_tilt_deg(52), 2)
    13.04
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    return 13.0 + 0.44 * (pi - 51.9)


def typical_lumbar_lordosis_deg(pelvic_incidence_deg: float) -> float:
    """Typical lumbar lordosis L1-S1 of healthy adults with this PI (across people).

    LL = 60.9 + 0.54 * (PI - 51.9): the slope of Le Huec, Hasegawa et al. 2016
    (LL = 0.54 * PI + 27.6) [LeHuec2016]_, anchored at the compiled adult means
    (PI 51.9, LL 60.9 +- 12 deg) [BMCSurg2019]_.

    Parameters
    ----------
    pelvic_incidence_deg : float
        Pelvic incidence [deg], 20 to 100.

    Returns
    -------
    float
        Typical standing lumbar lordosis L1-S1 [deg] for that PI.


    Notes
    -----
    Le Huec's intercept gives 5.3 deg less lordosis at every PI. With it, the spine the
    model builds leans forward (SVA about +50 mm at PI 52, beyond the published
    -0.5 +- 25 mm); with the anchored relation it stands balanced (SVA about 1 mm).
    Independent check: the PI-class rule of [PIclass]_ gives LL 53, 61 and 70 deg for PI
    40, 52 and 64; this gives 54.5, 61.0 and 67.4. Hasegawa et al. 2016 (126 Japanese
    adults) add an effect of age: LL = 32.9 + 0.60 * PI - 0.23 * age.

    Examples
    --------
    >>> round(typical_lumbar_lordosis_deg(52), 2)
    60.95
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    return 60.9 + 0.54 * (pi - 51.9)


#: Typical thoracic kyphosis T2-T12 [deg], the compiled adult mean [BMCSurg2019]_. Across
#: people it is not associated with PI (642 volunteers, PubMed 40261392, 2025), so the
#: across-people model keeps it constant.
TYPICAL_THORACIC_KYPHOSIS_DEG = ADULT_NORMS["thoracic_kyphosis_deg"].mean
#: Typical cervical lordosis C2-C7 [deg] (AO Surgery Reference, secondary; no SD found).
#: Not associated with PI across people (PubMed 40261392).
TYPICAL_CERVICAL_LORDOSIS_DEG = ADULT_NORMS["cervical_lordosis_deg"].mean

#: Theoretical PT and LL by PI class, [PIclass]_ Table 3: (upper PI bound, PT, LL - PI).
_PI_CLASSES = (
    (38.0, 4.0, 18.0),
    (48.0, 8.0, 13.0),
    (58.0, 12.0, 9.0),
    (68.0, 16.0, 6.0),
    (78.0, 20.0, 2.0),
    (math.inf, 24.0, -5.0),
)


def pi_class_theoretical(pelvic_incidence_deg: float) -> tuple[float, float]:
    """Theoretical (PT, LL) [deg] for the PI class of ``pelvic_incidence_deg``.

    A rule of thumb by class of PI (I < 38, II 38-47, III 48-57, IV 58-67, V 68-77,
    VI > 78) from [PIclass]_ Table 3; used by the tests as an independent check of the
    regressions the model uses.

    Parameters
    ----------
    pelvic_incidence_deg : float
        Pelvic incidence [deg], 20 to 100.

    Returns
    -------
    tuple of float
        Theoretical pelvic tilt [deg] and lumbar lordosis [deg] of that PI class.


    Examples
    --------
    >>> pi_class_theoretical(52)
    (12.0, 61.0)
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    for upper, pt, ll_minus_pi in _PI_CLASSES:
        if pi < upper:
            return pt, pi + ll_minus_pi
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- within a person
#: Change of lumbar lordosis per degree of sacral slope when one person tilts the pelvis.
#: Levine & Whittle 1996: maximal anterior tilt +11.4 deg -> lordosis +10.8 deg; maximal
#: posterior tilt -8.7 deg -> lordosis -9.0 deg, i.e. about one to one [Levine1996]_.
LORDOSIS_PER_SACRAL_SLOPE = 1.0

#: Standing -> sitting on a chair, measured (deg). The model reproduces the lordosis loss
#: from the measured change of PT; the tests check it.
SITTING_CHANGES = {
    "Endo 2012": {
        "n": 50,
        "pelvic_tilt_deg": 18.3,
        "sacral_slope_deg": -18.7,
        "lumbar_lordosis_deg": -16.6,
        "source": "Endo et al. (2012) J Orthop Sci 17:682; 50 healthy adults",
    },
    "Moon 2018": {
        "n": 16,
        "pelvic_tilt_deg": 28.2 - 15.7,
        "sacral_slope_deg": 20.3 - 35.3,
        "lumbar_lordosis_deg": 17.9 - 37.1,
        "source": "Moon et al. (2018) Clin Orthop Surg 10:322; 16 adults, chair",
    },
}
