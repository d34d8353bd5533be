"""Sagittal alignment of the pelvis and spine: PI, PT, SS, LL, TK, CL and SVA.

A small, pure model (numpy only) of how the angle of the pelvis shapes the curves of the
spine above it, checked against published measurements of healthy adults. Angles are in
degrees at every public boundary; lengths in millimetres.

The model has **two uses that must not be confused**:

* **Across people** (:func:`spine_for_person`): what the spine of a *typical* adult with a
  given pelvic incidence (PI) looks like. These relations are regressions over groups of
  people (Le Huec, Hasegawa et al. 2016). They say nothing about what happens when one
  person tilts their pelvis.
* **Within one person** (:func:`spine_for_posture`): the same pelvis (same PI) tilts
  forward or back, as in sitting, or when a short hip flexor holds it tipped forward. The
  lumbar lordosis follows the sacral slope about one to one (Levine & Whittle 1996), and
  the thoracic and cervical curves change so that the head stays over the hips and the
  eyes stay level. That last step is a geometric assumption of this model, not a
  measurement: see :func:`spine_for_posture`.

Conventions
-----------
* Pelvic tilt (PT) is the radiographic angle: positive when the pelvis rolls *backwards*
  (retroversion). An *anterior* tilt therefore *lowers* PT.
* Sacral slope (SS) is the angle of the top of the sacrum (the S1 endplate) to the
  horizontal; PI = PT + SS exactly (Legaye et al. 1998).
* Lumbar lordosis (LL) is the Cobb angle L1-S1 (upper endplate of L1 to upper endplate of
  S1), thoracic kyphosis (TK) the Cobb angle T2-T12, cervical lordosis (CL) the Cobb angle
  C2-C7; all positive for their normal direction of curve.
* Geometry: x forward, y up, millimetres, origin at the centre of the S1 endplate.
* SVA (sagittal vertical axis) is the horizontal distance from the posterosuperior corner
  of S1 to the plumb line dropped from the centre of C7; positive when C7 is in front.

Examples
--------
>>> from hipcourse import spine
>>> a = spine.spine_for_posture(52, 13)
>>> a.sacral_slope_deg
39.0
>>> round(a.lumbar_lordosis_deg, 1)
61.0
>>> spine.spine_for_posture(52, 5).lumbar_lordosis_deg > a.lumbar_lordosis_deg
True

References
----------
.. [Legaye1998] Legaye J. et al. (1998). Eur Spine J 7:99-103 (49 normal adults; pelvic
   incidence and its relation to sacral slope and lordosis).
.. [BMCSurg2019] Normative values compiled in BMC Surg 2019;19:7, Table 1 (PMC6334400),
   from asymptomatic cohorts (its refs 25, 41-46).
.. [LeHuec2016] Le Huec JC, Hasegawa K et al. (2016). Eur Spine J,
   doi:10.1007/s00586-016-4485-5 (268 asymptomatic Caucasian and Japanese adults, EOS).
.. [PIclass] Theoretical PT and LL by PI class, PMC4303780, Table 3 (authors not retrieved).
.. [Levine1996] Levine D, Whittle MW (1996). J Orthop Sports Phys Ther 24:130 (voluntary
   pelvic tilt and lumbar lordosis in standing).
.. [Roussouly2005] Roussouly P, Gollogly S, Berthonnaud E, Dimnet J (2005).
   Classification of the normal variation in the sagittal alignment of the human lumbar
   spine and pelvis in the standing position. Spine 30:346-353.
.. [Laouissat2018] Laouissat F. et al. (2018). Classification of normal sagittal spine
   alignment: refounding the Roussouly classification. Eur Spine J (296 asymptomatic
   adults).
.. [Endo2012] Endo et al. (2012). J Orthop Sci 17:682 (50 healthy adults).
.. [Moon2018] Moon et al. (2018). Clin Orthop Surg 10:322 (PMC6107819).
.. [Preece2008] Preece SJ et al. (2008). Variation in pelvic morphology may prevent the
   identification of anterior pelvic tilt. J Man Manip Ther 16:113-117.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from hipcourse.kit.checks import InputError, choice, number

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
    "thoracic_kyphosis_deg": Norm("thoracic kyphosis", 40.6, 10.0, 0.0, 69.0, "deg", "T2-T12",
                                  _BMC),
    "cervical_lordosis_deg": Norm(
        "cervical lordosis", 15.0, None, None, None, "deg", "C2-C7",
        "AO Surgery Reference, 'Sagittal spinal alignment' (a textbook summary, no SD given)",
        secondary=True),
    "sva_mm": Norm("sagittal vertical axis", -0.5, 25.0, -60.0, 65.0, "mm", "C7 to S1", _BMC),
}

#: Default pelvic incidence [deg]: the compiled adult mean 51.9 +- 10 rounded to 52.
DEFAULT_PELVIC_INCIDENCE_DEG = 52.0
#: Default pelvic tilt [deg]: the compiled adult mean 13 +- 6.
DEFAULT_PELVIC_TILT_DEG = 13.0


# --------------------------------------------------------------------------- validation
def check_pelvic_incidence(value) -> float:
    """Return ``value`` as a float PI in 20-100 deg or raise :class:`InputError`."""
    lo, hi = PELVIC_INCIDENCE_RANGE_DEG
    return number("pelvic_incidence_deg", value, lo, hi, unit="deg")


def check_pelvic_tilt(value, field_name: str = "pelvic_tilt_deg") -> float:
    """Return ``value`` as a float PT in -30-60 deg or raise :class:`InputError`."""
    lo, hi = PELVIC_TILT_RANGE_DEG
    return number(field_name, value, lo, hi, unit="deg")


def _derived_pelvic_tilt(value: float, what: str) -> float:
    """Check a PT the model derived (not typed by the user); the message rounds it."""
    lo, hi = PELVIC_TILT_RANGE_DEG
    if not (lo <= value <= hi):
        raise InputError(what, round(value, 1), f"a number from {lo:g} to {hi:g} deg")
    return float(value)


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
    return pi - pt


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


def pelvic_tilt_from_asis_psis_deg(asis_psis_tilt_deg: float, *,
                                   reference_asis_psis_deg: float,
                                   reference_pelvic_tilt_deg: float = DEFAULT_PELVIC_TILT_DEG
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
_PI_CLASSES = ((38.0, 4.0, 18.0), (48.0, 8.0, 13.0), (58.0, 12.0, 9.0), (68.0, 16.0, 6.0),
               (78.0, 20.0, 2.0), (math.inf, 24.0, -5.0))


def pi_class_theoretical(pelvic_incidence_deg: float) -> tuple[float, float]:
    """Theoretical (PT, LL) [deg] for the PI class of ``pelvic_incidence_deg``.

    A rule of thumb by class of PI (I < 38, II 38-47, III 48-57, IV 58-67, V 68-77,
    VI > 78) from [PIclass]_ Table 3; used by the tests as an independent check of the
    regressions the model uses.

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
    "Endo 2012": {"n": 50, "pelvic_tilt_deg": 18.3, "sacral_slope_deg": -18.7,
                  "lumbar_lordosis_deg": -16.6,
                  "source": "Endo et al. (2012) J Orthop Sci 17:682; 50 healthy adults"},
    "Moon 2018": {"n": 16, "pelvic_tilt_deg": 28.2 - 15.7, "sacral_slope_deg": 20.3 - 35.3,
                  "lumbar_lordosis_deg": 17.9 - 37.1,
                  "source": "Moon et al. (2018) Clin Orthop Surg 10:322; 16 adults, chair"},
}


# --------------------------------------------------------------------------- geometry data
#: Vertebrae above the sacrum, from the bottom up.
LEVELS = ("L5", "L4", "L3", "L2", "L1",
          "T12", "T11", "T10", "T9", "T8", "T7", "T6", "T5", "T4", "T3", "T2", "T1",
          "C7", "C6", "C5", "C4", "C3", "C2")


def _body_height_mm(level: str) -> float:
    if level[0] == "L":
        return 28.0
    if level[0] == "T":
        k = int(level[1:])  # T1 17 mm ... T12 24 mm, linear
        return 17.0 + (k - 1) * (24.0 - 17.0) / 11.0
    return 22.0 if level == "C2" else 14.0


def _disc_below_mm(level: str) -> float:
    if level[0] == "L":
        return 10.0
    if level == "T12":
        return 8.0
    if level[0] == "T":
        return 4.0
    return 4.1


#: Vertebral body height [mm] of each level (mid-height, along the spine).
BODY_HEIGHT_MM = {lv: _body_height_mm(lv) for lv in LEVELS}
#: Height [mm] of the disc *below* each level (for L5: the L5-S1 disc).
DISC_HEIGHT_MM = {lv: _disc_below_mm(lv) for lv in LEVELS}
#: Share of L1-S1 lordosis in each motion segment, named by its upper vertebra (L5: L5-S1).
#: Sci Rep 2022 (s41598-022-21840-x), Table 2, 324 adults: L5-S1 42.7 %, L4-5 25.2 %,
#: L3-4 18.1 %, L2-3 11.7 %, L1-2 2.3 %.
LORDOSIS_SHARE = {"L5": 0.427, "L4": 0.252, "L3": 0.181, "L2": 0.117, "L1": 0.023}
#: Apex of the thoracic kyphosis (T number): the model puts most of the T2-T12 kyphosis
#: around it (an assumption; the AO Surgery Reference gives T11-L1 about 0 deg).
KYPHOSIS_APEX = 7
#: Depth of the S1 endplate [mm]: the L5 inferior endplate length, 35.3 +- 3.6 mm (lumbar
#: CT morphometry table at L5, Int J Spine Surg; authors not retrieved), used for S1.
S1_ENDPLATE_DEPTH_MM = 35.3
#: Distance from the femoral-head axis to the centre of the S1 endplate [mm]. Illustrative
#: (from memory, unverified); it moves the hip in the drawings, never the angles.
HIP_TO_S1_MM = 110.0
#: Position of the head's centre relative to the centre of C2 with the gaze level [mm]
#: (forward, up). Illustrative, for the drawing and the head-over-hips balance.
HEAD_OFFSET_MM = (12.0, 85.0)
#: Depth (front to back) of vertebral bodies for drawing [mm], by region (illustrative).
BODY_DEPTH_MM = {"L": 34.0, "T": 28.0, "C": 17.0}


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class SpineGeometry:
    """Points of a drawn spine (mm, x forward, y up, origin at the S1 endplate centre).

    ``centres`` maps "S1", "L5" ... "C2", "head" and "hip_axis" to (x, y). ``bodies`` holds
    one quadrilateral per vertebra (4 x 2 corners: lower-posterior, lower-anterior,
    upper-anterior, upper-posterior). ``curve`` is a dense polyline through the spine.
    """

    centres: dict
    bodies: dict
    curve: np.ndarray = field(repr=False)
    s1_endplate: np.ndarray = field(repr=False)
    s1_posterior_corner: tuple
    head_pitch_deg: float
    top_tangent_deg: float

    @property
    def sva_mm(self) -> float:
        """C7 plumb line to the posterosuperior corner of S1 [mm] (+ = C7 in front)."""
        return float(self.centres["C7"][0] - self.s1_posterior_corner[0])

    def head_over_hip_mm(self) -> float:
        """Horizontal distance from the hip axis to the centre of the head [mm]."""
        return float(self.centres["head"][0] - self.centres["hip_axis"][0])


@dataclass(frozen=True)
class Alignment:
    """The sagittal alignment of one standing (or sitting) spine.

    Attributes are in degrees and millimetres; see the module docstring for the sign
    conventions. ``mode`` is "person" (typical spine for this PI, across people) or
    "posture" (one person's pelvis tilted from their neutral). ``neutral_pelvic_tilt_deg``
    is the PT of that neutral (posture mode) or the typical PT for this PI (person mode).
    """

    pelvic_incidence_deg: float
    pelvic_tilt_deg: float
    sacral_slope_deg: float
    lumbar_lordosis_deg: float
    thoracic_kyphosis_deg: float
    cervical_lordosis_deg: float
    sva_mm: float
    roussouly_type: str
    mode: str
    neutral_pelvic_tilt_deg: float
    geometry: SpineGeometry = field(repr=False, compare=False)

    @property
    def points_mm(self) -> dict:
        """Centres of S1 (endplate centre = origin), L5..L1, T12..T1, C7..C2, the head
        and the femoral-head axis (``hip_axis``), as ``[x, y]`` in mm."""
        return {k: [float(v[0]), float(v[1])] for k, v in self.geometry.centres.items()}

    @property
    def anterior_tilt_deg(self) -> float:
        """Anterior tilt from the neutral PT [deg] (= neutral PT - PT)."""
        return self.neutral_pelvic_tilt_deg - self.pelvic_tilt_deg

    def to_dict(self) -> dict:
        """The JSON form used by ``hipcourse spine --json``.

        PI, PT and SS keep 6 decimals (so PI = PT + SS survives), the model's estimates
        one decimal, points 0.1 mm.
        """
        return {
            "pelvic_incidence_deg": round(self.pelvic_incidence_deg, 6),
            "pelvic_tilt_deg": round(self.pelvic_tilt_deg, 6),
            "sacral_slope_deg": round(self.sacral_slope_deg, 6),
            "lumbar_lordosis_deg": round(self.lumbar_lordosis_deg, 1),
            "thoracic_kyphosis_deg": round(self.thoracic_kyphosis_deg, 1),
            "cervical_lordosis_deg": round(self.cervical_lordosis_deg, 1),
            "sva_mm": round(self.sva_mm, 1),
            "roussouly_type": self.roussouly_type,
            "points_mm": {k: [round(x, 1), round(y, 1)] for k, (x, y) in self.points_mm.items()},
        }


# --------------------------------------------------------------------------- geometry
def _pieces():
    """(level, kind, length) of each straight-curvature piece from S1 upward."""
    out = []
    for lv in LEVELS:
        out.append((lv, "disc", DISC_HEIGHT_MM[lv]))
        out.append((lv, "lower", BODY_HEIGHT_MM[lv] / 2))
        out.append((lv, "upper", BODY_HEIGHT_MM[lv] / 2))
    return out


_PIECES = _pieces()
_LEN = np.array([p[2] for p in _PIECES])


def _unit_weights():
    """Per piece, the share of LL, TK and CL it carries (each row sums to 1 per region)."""
    n = len(_PIECES)
    w_ll, w_tk, w_cl = np.zeros(n), np.zeros(n), np.zeros(n)
    thor = {f"T{k}" for k in range(2, 13)}
    cerv = {"C7", "C6", "C5", "C4", "C3"}
    for i, (lv, kind, length) in enumerate(_PIECES):
        if lv in LORDOSIS_SHARE:  # motion segment = disc below + body of lv
            seg = DISC_HEIGHT_MM[lv] + BODY_HEIGHT_MM[lv]
            w_ll[i] = LORDOSIS_SHARE[lv] * length / seg
        # T2-T12 Cobb: from the lower endplate of T12 to the upper endplate of T2, most
        # of it around the apex at T7 (weight cos^2, nearly straight at T11-T12 and T2).
        if lv in thor and not (lv == "T12" and kind == "disc"):
            k = int(lv[1:])
            w_tk[i] = length * math.cos(math.pi * (k - KYPHOSIS_APEX) / 12.0) ** 2
        # C2-C7 Cobb: from the lower endplate of C7 to the lower endplate of C2.
        if (lv in cerv and not (lv == "C7" and kind == "disc")) or (lv == "C2" and kind == "disc"):
            w_cl[i] = length
    w_tk /= w_tk.sum()
    w_cl /= w_cl.sum()
    return w_ll, w_tk, w_cl


_W_LL, _W_TK, _W_CL = _unit_weights()


def _integrate(ss, ll, tk, cl):
    """Tangent angles and node positions along the spine (vectorised over pieces).

    Returns ``phi`` (deg, forward lean of the spine's axis from vertical) at the n+1 nodes
    and their ``x``, ``y`` [mm]; piece i runs from node i to node i+1 with a constant
    curvature.
    """
    dphi = -ll * _W_LL + tk * _W_TK - cl * _W_CL  # deg per piece
    phi = np.concatenate(([ss], ss + np.cumsum(dphi)))
    a, b = np.radians(phi[:-1]), np.radians(phi[1:])
    w = np.radians(dphi) / _LEN  # rad / mm
    small = np.abs(w) < 1e-9
    w_safe = np.where(small, 1.0, w)
    dx = np.where(small, _LEN * np.sin(a), (np.cos(a) - np.cos(b)) / w_safe)
    dy = np.where(small, _LEN * np.cos(a), (np.sin(b) - np.sin(a)) / w_safe)
    x = np.concatenate(([0.0], np.cumsum(dx)))
    y = np.concatenate(([0.0], np.cumsum(dy)))
    return phi, x, y


def _hip_axis(pt):
    t = math.radians(pt)
    return (HIP_TO_S1_MM * math.sin(t), -HIP_TO_S1_MM * math.cos(t))


def _head(x_c2, y_c2, head_pitch_deg):
    p = math.radians(head_pitch_deg)
    a, b = HEAD_OFFSET_MM
    return (x_c2 + a * math.cos(p) + b * math.sin(p), y_c2 - a * math.sin(p) + b * math.cos(p))


def _head_over_hip(ss, ll, tk, cl, pt, head_pitch_deg=0.0):
    phi, x, y = _integrate(ss, ll, tk, cl)
    ic2 = 3 * (len(LEVELS) - 1) + 2  # node at the centre of C2
    hx, _ = _head(x[ic2], y[ic2], head_pitch_deg)
    return hx - _hip_axis(pt)[0]


def spine_geometry(sacral_slope_deg: float, lumbar_lordosis_deg: float,
                   thoracic_kyphosis_deg: float, cervical_lordosis_deg: float,
                   pelvic_tilt_deg: float, head_pitch_deg: float = 0.0) -> SpineGeometry:
    """Points of a spine built from its angles and typical segment heights.

    Parameters
    ----------
    sacral_slope_deg, lumbar_lordosis_deg, thoracic_kyphosis_deg, cervical_lordosis_deg : float
        SS, LL (L1-S1), TK (T2-T12) and CL (C2-C7) [deg].
    pelvic_tilt_deg : float
        PT [deg]; places the femoral-head axis.
    head_pitch_deg : float
        Forward pitch of the head from level gaze [deg] (+ = looking down).

    Returns
    -------
    SpineGeometry

    Notes
    -----
    The spine leaves the sacrum perpendicular to the S1 endplate (leaning forward by SS)
    and is built upward as a chain of arcs: each motion segment (the disc below a vertebra
    plus its body) bends at a constant rate. The L1-S1 lordosis is shared between the
    lumbar segments as measured in 324 adults (Sci Rep 2022, Table 2: L5-S1 42.7 %,
    L4-5 25.2 %, L3-4 18.1 %, L2-3 11.7 %, L1-2 2.3 %); the kyphosis is spread evenly over
    T2-T12 and the cervical lordosis over C2-C7 (an assumption); the thoracolumbar (T12-L1)
    and cervicothoracic (C7-T2) junctions are straight (the AO Surgery Reference gives
    T11-L1 about 0 deg).

    Segment heights (mm): lumbar bodies 28 (L5 mid-height: anterior 30.3, posterior 26.3 mm
    in a lumbar CT morphometry study, Int J Spine Surg, authors not retrieved; lumbar body
    heights do not differ significantly from L1 to L5 in 157 men, Gilad & Nissan 1985,
    J Anat 143:115), lumbar discs 10 (from memory, unverified), thoracic bodies 17 (T1) to
    24 (T12) (from memory, unverified), thoracic discs 4 (CT of 128 adults: anterior
    4.0 +- 1.4, posterior 3.6 +- 0.9 mm in men; Eur Spine J 2015,
    doi:10.1007/s00586-015-3925-y), T12-L1 disc 8 (from memory, unverified), cervical bodies
    14 and C2 22 (from memory, unverified), cervical discs 4.1 (middle height, CT of 1000
    adults 18-35 y, PMC11225399). The angles the model reports do not depend on these
    heights; the drawing and the SVA do.
    """
    ss, ll, tk, cl = (float(v) for v in (sacral_slope_deg, lumbar_lordosis_deg,
                                          thoracic_kyphosis_deg, cervical_lordosis_deg))
    pt = float(pelvic_tilt_deg)
    phi, x, y = _integrate(ss, ll, tk, cl)
    centres = {"S1": (0.0, 0.0)}
    bodies = {}
    for k, lv in enumerate(LEVELS):
        i0, ic, i1 = 3 * k + 1, 3 * k + 2, 3 * k + 3  # lower endplate, centre, upper endplate
        centres[lv] = (float(x[ic]), float(y[ic]))
        half = BODY_DEPTH_MM[lv[0]] / 2
        corners = []
        for i, sign in ((i0, -1), (i0, 1), (i1, 1), (i1, -1)):
            t = math.radians(phi[i])
            corners.append((x[i] + sign * half * math.cos(t), y[i] - sign * half * math.sin(t)))
        bodies[lv] = np.array(corners)
    ic2 = 3 * (len(LEVELS) - 1) + 2
    centres["head"] = tuple(float(v) for v in _head(x[ic2], y[ic2], head_pitch_deg))
    centres["hip_axis"] = _hip_axis(pt)
    t = math.radians(ss)
    half = S1_ENDPLATE_DEPTH_MM / 2
    plate = np.array([[-half * math.cos(t), half * math.sin(t)],
                      [half * math.cos(t), -half * math.sin(t)]])
    return SpineGeometry(
        centres=centres, bodies=bodies, curve=np.column_stack([x, y]), s1_endplate=plate,
        s1_posterior_corner=(float(plate[0, 0]), float(plate[0, 1])),
        head_pitch_deg=float(head_pitch_deg), top_tangent_deg=float(phi[-1]))


def lordosis_apex(sacral_slope_deg: float, lumbar_lordosis_deg: float) -> str:
    """Where the lumbar curve is most forward (its tangent vertical), as a level name.

    Returns e.g. "L4 body" or "L4-L5 disc"; "above L1" when the lordosis ends before its
    tangent turns vertical (SS > LL); "S1" when SS <= 0. Roussouly et al. locate the apex
    of the lordosis in the same way, relative to the vertical [Roussouly2005]_.
    """
    ss, ll = float(sacral_slope_deg), float(lumbar_lordosis_deg)
    if ss <= 0:
        return "S1"
    cum = ss - np.cumsum(ll * _W_LL)  # tangent at the top of each piece
    lumbar = {"L5", "L4", "L3", "L2", "L1"}
    for i, (lv, kind, _) in enumerate(_PIECES):
        if lv not in lumbar:
            break
        if cum[i] <= 0:
            if kind == "disc":
                below = "S1" if lv == "L5" else LEVELS[LEVELS.index(lv) - 1]
                return f"{lv}-{below} disc"
            return f"{lv} body"
    return "above L1"


def roussouly_type(sacral_slope_deg: float, pelvic_incidence_deg: float,
                   pelvic_tilt_deg: float, lumbar_lordosis_deg: float) -> str:
    """Roussouly type of a standing spine: "1", "2", "3", "3AP" or "4".

    Parameters
    ----------
    sacral_slope_deg, pelvic_incidence_deg, pelvic_tilt_deg, lumbar_lordosis_deg : float
        SS, PI, PT and LL [deg] (LL is used only to place the apex of the lordosis).

    Notes
    -----
    The four types of [Roussouly2005]_ are set by the sacral slope. The cut-offs used here
    (SS < 35: types 1 and 2; 35-45: type 3; > 45: type 4) are the commonly quoted ones
    (from memory, unverified: the sources the course opened confirm only that type 3AP has
    SS > 35). Types 1 and 2 differ by the apex of the lordosis: at L5 or the L4-5 disc
    for type 1, higher for type 2 (apex positions as used in Orthop Surg 2019,
    PMC6584466); the apex is found with :func:`lordosis_apex`. Type 3AP ("anteverted
    pelvis", [Laouissat2018]_) is a low-PI pelvis tipped forward: SS > 35 with a low PI
    (their group 48 +- 6) and a very low or negative PT (4 +- 3). This course reads that as
    PI < 50 and PT < 5 (its own reading of those group means, not a published rule).

    Examples
    --------
    >>> roussouly_type(39, 52, 13, 54)
    '3'
    >>> roussouly_type(42, 45, 3, 60)
    '3AP'
    """
    ss, pi, pt = float(sacral_slope_deg), float(pelvic_incidence_deg), float(pelvic_tilt_deg)
    if ss >= 35.0:
        if pi < 50.0 and pt < 5.0:
            return "3AP"
        return "4" if ss > 45.0 else "3"
    apex = lordosis_apex(ss, lumbar_lordosis_deg)
    low = apex in ("S1", "L5 body", "L5-S1 disc", "L4-L5 disc")
    return "1" if low else "2"


def _alignment(pi, pt, ll, tk, cl, mode, neutral_pt, head_pitch=0.0) -> Alignment:
    ss = pi - pt
    geo = spine_geometry(ss, ll, tk, cl, pt, head_pitch)
    return Alignment(
        pelvic_incidence_deg=pi, pelvic_tilt_deg=pt, sacral_slope_deg=ss,
        lumbar_lordosis_deg=ll, thoracic_kyphosis_deg=tk, cervical_lordosis_deg=cl,
        sva_mm=geo.sva_mm, roussouly_type=roussouly_type(ss, pi, pt, ll), mode=mode,
        neutral_pelvic_tilt_deg=neutral_pt, geometry=geo)


# --------------------------------------------------------------------------- the two uses
def spine_for_person(pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG,
                     pelvic_tilt_deg: float | None = None) -> Alignment:
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
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    neutral = typical_pelvic_tilt_deg(pi)
    pt = neutral if pelvic_tilt_deg is None else check_pelvic_tilt(pelvic_tilt_deg)
    return _alignment(pi, pt, typical_lumbar_lordosis_deg(pi), TYPICAL_THORACIC_KYPHOSIS_DEG,
                      TYPICAL_CERVICAL_LORDOSIS_DEG, "person", neutral)


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


def spine_for_posture(pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG,
                      pelvic_tilt_deg: float = DEFAULT_PELVIC_TILT_DEG, *,
                      neutral_pelvic_tilt_deg: float | None = None,
                      compensate: bool = True) -> Alignment:
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
    neutral = spine_for_person(pi, None if neutral_pelvic_tilt_deg is None else
                               check_pelvic_tilt(neutral_pelvic_tilt_deg,
                                                 "neutral_pelvic_tilt_deg"))
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


def spine_alignment(pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG,
                    pelvic_tilt_deg: float | None = None, mode: str = "posture") -> Alignment:
    """:func:`spine_for_posture` or :func:`spine_for_person`, chosen by ``mode``.

    In posture mode a missing ``pelvic_tilt_deg`` means the adult mean 13; in person mode
    it means the typical PT for this PI.
    """
    mode = choice("mode", mode, MODES)
    if mode == "person":
        return spine_for_person(pelvic_incidence_deg, pelvic_tilt_deg)
    pt = DEFAULT_PELVIC_TILT_DEG if pelvic_tilt_deg is None else pelvic_tilt_deg
    return spine_for_posture(pelvic_incidence_deg, pt)


def tilt_chain(pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG,
               anterior_tilt_deg: float = 10.0) -> list[tuple[str, Alignment]]:
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
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    d = number("anterior_tilt_deg", anterior_tilt_deg, -40.0, 40.0, unit="deg")
    n = spine_for_person(pi)
    pt = _derived_pelvic_tilt(n.pelvic_tilt_deg - d, "pelvic tilt after the tilt")
    rigid = _alignment(pi, pt, n.lumbar_lordosis_deg, n.thoracic_kyphosis_deg,
                       n.cervical_lordosis_deg, "posture", n.pelvic_tilt_deg, head_pitch=d)
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


def sitting_spine(pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG,
                  study: str = "Endo 2012") -> tuple[Alignment, Alignment]:
    """(standing, sitting) for one person, sitting = PT raised by the measured change.

    The measured change of PT on sitting (Endo 2012: +18.3 deg, 50 adults; Moon 2018:
    +12.5 deg, 16 adults, see :data:`SITTING_CHANGES`) is applied to the typical neutral
    spine for this PI and the model predicts the rest.
    """
    study = choice("study", study, SITTING_CHANGES)
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    stand = spine_for_posture(pi, typical_pelvic_tilt_deg(pi))
    dpt = SITTING_CHANGES[study]["pelvic_tilt_deg"]
    sit = spine_for_posture(pi, _derived_pelvic_tilt(stand.pelvic_tilt_deg + dpt,
                                                     "pelvic tilt in sitting"))
    return stand, sit


def compare_with_norms(alignment: Alignment | None = None) -> list[dict]:
    """Rows comparing an alignment (default: ``spine_for_posture()``) with adult norms.

    Each row: ``name``, ``levels``, ``model``, ``mean``, ``sd``, ``within_one_sd`` (None
    without an SD), ``unit``, ``source``, ``secondary``.
    """
    a = alignment or spine_for_posture()
    rows = []
    for key, norm in ADULT_NORMS.items():
        value = float(getattr(a, key))
        within = None if norm.sd is None else abs(value - norm.mean) <= norm.sd
        rows.append({"name": norm.label, "key": key, "levels": norm.levels, "model": value,
                     "mean": norm.mean, "sd": norm.sd, "within_one_sd": within,
                     "unit": norm.unit, "source": norm.source, "secondary": norm.secondary})
    return rows


def norms_text(alignment: Alignment | None = None) -> str:
    """:func:`compare_with_norms` as a small fixed-width text table."""
    lines = [f"{'':34} {'model':>7} {'published':>14}  within 1 SD"]
    for r in compare_with_norms(alignment):
        name = r["name"] + (f" ({r['levels']})" if r["levels"] else "")
        pub = f"{r['mean']:g} ± {r['sd']:g}" if r["sd"] is not None else f"{r['mean']:g} (no SD)"
        within = {True: "yes", False: "NO", None: "-"}[r["within_one_sd"]]
        lines.append(f"{name:34} {r['model']:7.1f} {pub:>14}  {within}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- muscles -> pelvis
# (hip-flexor shortening -> standing tilt; hamstrings -> forward bend: see below)
#: The one-joint hip flexors whose shortening the model turns into standing tilt (MyoLeg
#: names without the side suffix). Rectus femoris, sartorius and TFL are left out: they
#: also cross the knee (or reach it through the iliotibial band), and with the knee
#: straight in standing they are not the ones that run out of length first.
HIP_FLEXORS = ("iliacus", "psoas")
#: The hamstrings that cross the hip (the short head of biceps femoris crosses only the knee).
HAMSTRINGS = ("semiten", "semimem", "bflh")
#: Largest standing anterior tilt [deg] the hip-flexor model is asked for.
MAX_FORCED_TILT_DEG = 40.0
#: Hip flexion [deg] at which normal hamstrings reach their full length with the knee
#: straight: a passive straight-leg raise of 80 deg is the lower limit of normal (Ayala et
#: al. 2013, Phys Ther Sport 14:98, 138 males).
NORMAL_SLR_DEG = 80.0

_FLEX_GRID_DEG = np.arange(0.0, 120.0 + 1e-9, 0.5)


def _muscle_choice(field_name: str, muscles, allowed: Sequence[str]) -> tuple[str, ...]:
    if isinstance(muscles, str):
        muscles = (muscles,)
    muscles = tuple(muscles)
    if not muscles:
        raise InputError(field_name, muscles, "one or more of " + ", ".join(allowed))
    for m in muscles:
        choice(field_name, m, allowed)
    return muscles


@lru_cache(maxsize=16)
def _lengths_over_flexion(muscles: tuple[str, ...], knee_flexion_deg: float) -> np.ndarray:
    """Musculotendon lengths [m], shape (len(_FLEX_GRID_DEG), len(muscles)), of the given
    MyoLeg muscles as the hip flexes 0-120 deg with the knee at ``knee_flexion_deg``."""
    from hipcourse.models import musculoskeletal as msk

    names = msk.muscle_names()
    cols = [names.index(f"{m}_r") for m in muscles]
    poses = np.zeros((len(_FLEX_GRID_DEG), 4))
    poses[:, 0] = _FLEX_GRID_DEG
    poses[:, 3] = knee_flexion_deg
    return np.asarray(msk.musculotendon_lengths_m(poses))[:, cols]


def hip_flexor_tilt_by_muscle(hip_flexor_shortening_pct: float,
                              muscles: Iterable[str] = HIP_FLEXORS) -> dict[str, float]:
    """Standing anterior tilt [deg] each shortened hip flexor would force on its own.

    See :func:`standing_tilt_from_hip_flexor_shortening`; a muscle whose shortening would
    need more than :data:`MAX_FORCED_TILT_DEG` gets ``math.inf``.
    """
    muscles = _muscle_choice("muscles", muscles, HIP_FLEXORS)
    p = number("hip_flexor_shortening_pct", hip_flexor_shortening_pct, 0.0, 50.0, unit="%")
    lengths = _lengths_over_flexion(muscles, 0.0)
    out = {}
    for j, m in enumerate(muscles):
        col = lengths[:, j]
        target = col[0] * (1.0 - p / 100.0)
        ok = _FLEX_GRID_DEG <= MAX_FORCED_TILT_DEG
        lo, hi = col[ok].min(), col[0]
        if target < lo - 1e-12:
            out[m] = math.inf
            continue
        # length falls as the hip flexes: interpolate on the reversed (increasing) arrays
        out[m] = float(np.interp(target, col[ok][::-1], _FLEX_GRID_DEG[ok][::-1])) if target < hi else 0.0
    return out


def max_hip_flexor_shortening_pct(muscles: Iterable[str] = HIP_FLEXORS) -> float:
    """Largest shortening [%] for which the forced tilt stays within MAX_FORCED_TILT_DEG."""
    muscles = _muscle_choice("muscles", muscles, HIP_FLEXORS)
    lengths = _lengths_over_flexion(muscles, 0.0)
    ok = _FLEX_GRID_DEG <= MAX_FORCED_TILT_DEG
    return float(min(100.0 * (1.0 - lengths[ok, j].min() / lengths[0, j])
                     for j in range(len(muscles))))


def standing_tilt_from_hip_flexor_shortening(hip_flexor_shortening_pct: float,
                                             muscles: Iterable[str] = HIP_FLEXORS) -> float:
    """Anterior pelvic tilt [deg] that shortened one-joint hip flexors force in standing.

    Parameters
    ----------
    hip_flexor_shortening_pct : float
        How much shorter [%] the muscles' greatest length is than the musculotendon length
        they have in relaxed standing with the pelvis in its neutral position. From 0 to
        :func:`max_hip_flexor_shortening_pct` (the shortening that forces
        :data:`MAX_FORCED_TILT_DEG`).
    muscles : iterable of str
        Which muscles are shortened, from ``("iliacus", "psoas")`` (default both, by the same
        percentage).

    Returns
    -------
    float
        Anterior tilt from neutral [deg]: PT falls by this much.

    Notes
    -----
    Standing, the thigh hangs vertical, so the pelvis must tip forward until the
    shortened muscles fit: with the thigh fixed, an anterior pelvic tilt of t is a hip
    flexion of t relative to the pelvis. The musculoskeletal model
    (:func:`hipcourse.models.musculoskeletal.musculotendon_lengths_m`, MyoLeg after Rajagopal et
    al. 2016) gives each muscle's length as the hip flexes with the knee straight; the
    pelvis tips until the *first* muscle to run out of length fits, i.e. the largest of
    :func:`hip_flexor_tilt_by_muscle`.

    Limits, to state with the result:

    * MyoLeg removed the wrapping surface of psoas and anchors it on the pelvis, so its
      length changes less with hip angle than the real muscle's: the model needs less
      psoas shortening than reality for the same tilt (the tilt per % is over-estimated).
    * A real hip flexor is normally not at its full length in standing: healthy adults
      can still extend the hip a little further (passive extension about 7 deg in the
      controls of Roach et al. 2015, IJSPT 10:13), so a small shortening would use up that
      reserve before it tilts the pelvis. The model assumes no reserve.
    * Measured correlations between hip-flexor length and standing pelvic tilt are weak
      (Heino et al. 1990, JOSPT 12:243: r = -0.04; Youdas et al. 1996, Phys Ther 76:1066):
      this is the mechanism a short muscle *could* produce, not evidence that it usually
      does.

    Examples
    --------
    >>> round(standing_tilt_from_hip_flexor_shortening(0), 1)
    0.0
    """
    by = hip_flexor_tilt_by_muscle(hip_flexor_shortening_pct, muscles)
    tilt = max(by.values())
    if not math.isfinite(tilt):
        hi = max_hip_flexor_shortening_pct(tuple(by))
        raise InputError("hip_flexor_shortening_pct", hip_flexor_shortening_pct,
                         f"a number from 0 to {math.floor(hi * 10) / 10:g} % (more would tip "
                         f"the pelvis over {MAX_FORCED_TILT_DEG:g} deg)")
    return tilt


def spine_for_hip_flexor_shortening(hip_flexor_shortening_pct: float,
                                    pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG,
                                    muscles: Iterable[str] = HIP_FLEXORS) -> Alignment:
    """One person's standing spine when short hip flexors hold their pelvis tipped forward.

    The forced tilt (:func:`standing_tilt_from_hip_flexor_shortening`) is taken from the
    person's neutral PT (the typical PT for their PI) and passed to
    :func:`spine_for_posture`.
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    tilt = standing_tilt_from_hip_flexor_shortening(hip_flexor_shortening_pct, muscles)
    pt = _derived_pelvic_tilt(typical_pelvic_tilt_deg(pi) - tilt,
                              "pelvic tilt forced by the hip-flexor shortening")
    return spine_for_posture(pi, pt)


@dataclass(frozen=True)
class ForwardBend:
    """Where the movement of a forward bend (knees as given) comes from, at its end.

    ``pelvic_rotation_deg`` is the forward rotation of the pelvis on the thighs (hip
    flexion); ``lumbar_flexion_deg`` the rest of the trunk's inclination, taken up by the
    lumbar spine; ``hip_limit_deg`` the hip flexion at which the first hamstring
    (``limiting_muscle``) reaches its greatest length.
    """

    trunk_flexion_deg: float
    hamstring_shortening_pct: float
    knee_flexion_deg: float
    hip_limit_deg: float
    limiting_muscle: str
    pelvic_rotation_deg: float
    lumbar_flexion_deg: float

    @property
    def lumbar_share(self) -> float:
        """Fraction of the bend taken by the lumbar spine (0-1)."""
        return self.lumbar_flexion_deg / self.trunk_flexion_deg if self.trunk_flexion_deg else 0.0


def forward_bend(trunk_flexion_deg: float = 110.0, hamstring_shortening_pct: float = 0.0,
                 knee_flexion_deg: float = 0.0) -> ForwardBend:
    """How tight hamstrings shift a forward bend from the hips to the lumbar spine.

    Parameters
    ----------
    trunk_flexion_deg : float
        How far the trunk bends forward from upright [deg], 0-150: the sum of the pelvis's
        rotation on the thighs and the lumbar spine's flexion.
    hamstring_shortening_pct : float
        How much shorter [%] the hamstrings' greatest length is than that of normal
        hamstrings, 0-15. Normal = full length at a straight-leg raise of 80 deg (Ayala et
        al. 2013). Beyond about 15 % the model's hamstrings would be too short even for
        upright standing.
    knee_flexion_deg : float
        Knee bend during the movement [deg], 0-60 (bending the knees slackens the
        hamstrings and frees the hips).

    Returns
    -------
    ForwardBend

    Notes
    -----
    With the legs still, bending forward is shared between rotating the pelvis on the
    thighs (a hip hinge) and flexing the lumbar spine. The hamstrings run from the ischial
    tuberosity to the shin, so they lengthen as the pelvis rotates forward and stop it
    when they reach their greatest length; the musculoskeletal model gives that point for
    each hamstring (semitendinosus, semimembranosus, long head of biceps femoris) with
    the knee as given. The pelvis rotates up to that limit and the lumbar spine flexes for
    the rest. This describes the *end* of a bend, not its timing (lumbopelvic rhythm).

    Evidence: in forward bending, people with low back pain moved the pelvis less
    (57.0 vs 66.7 deg) and the lumbar spine more (79.8 vs 64.5 deg) than controls (Reis et
    al. 2015, Asian Spine J 9:535); women with limited hip flexion rotated the pelvis less
    (Eur Spine J 2019, doi:10.1007/s00586-019-06129-4). But 12 sessions of hamstring
    stretching did not change pelvic tilt in people with low back pain and tight
    hamstrings (Shamsi et al. 2020, J Bodyw Mov Ther 24:15).

    Examples
    --------
    >>> b = forward_bend(110, 0)
    >>> round(b.hip_limit_deg), round(b.lumbar_flexion_deg)
    (80, 30)
    """
    trunk = number("trunk_flexion_deg", trunk_flexion_deg, 0.0, 150.0, unit="deg")
    p = number("hamstring_shortening_pct", hamstring_shortening_pct, 0.0, 15.0, unit="%")
    knee = number("knee_flexion_deg", knee_flexion_deg, 0.0, 60.0, unit="deg")
    ref = _lengths_over_flexion(HAMSTRINGS, 0.0)
    i80 = int(np.argmin(np.abs(_FLEX_GRID_DEG - NORMAL_SLR_DEG)))
    limit_len = ref[i80] * (1.0 - p / 100.0)
    lengths = _lengths_over_flexion(HAMSTRINGS, round(knee, 1))
    limits = []
    for j, m in enumerate(HAMSTRINGS):
        col = lengths[:, j]
        if col[0] >= limit_len[j]:
            limits.append((0.0, m))
            continue
        over = np.nonzero(col >= limit_len[j])[0]
        if over.size == 0:
            limits.append((float(_FLEX_GRID_DEG[-1]), m))
            continue
        k = int(over[0])
        # lengths rise with hip flexion: interpolate inside the step that crosses the limit
        x0, x1 = _FLEX_GRID_DEG[k - 1], _FLEX_GRID_DEG[k]
        y0, y1 = col[k - 1], col[k]
        limits.append((float(x0 + (limit_len[j] - y0) * (x1 - x0) / (y1 - y0)), m))
    hip_limit, muscle = min(limits)
    pelvis = min(trunk, hip_limit)
    return ForwardBend(trunk_flexion_deg=trunk, hamstring_shortening_pct=p,
                       knee_flexion_deg=knee, hip_limit_deg=hip_limit, limiting_muscle=muscle,
                       pelvic_rotation_deg=pelvis, lumbar_flexion_deg=trunk - pelvis)
