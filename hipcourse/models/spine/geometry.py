"""Geometry of the sagittal spine: vertebral body and disc heights, how lordosis and kyphosis
spread over the levels, the result records and the integration of a spine's shape
(sacrum to head, millimetres, hip axis at the origin).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

# --------------------------------------------------------------------------- geometry data
#: Vertebrae above the sacrum, from the bottom up.
LEVELS = (
    "L5",
    "L4",
    "L3",
    "L2",
    "L1",
    "T12",
    "T11",
    "T10",
    "T9",
    "T8",
    "T7",
    "T6",
    "T5",
    "T4",
    "T3",
    "T2",
    "T1",
    "C7",
    "C6",
    "C5",
    "C4",
    "C3",
    "C2",
)


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
#: CT morphometry table at L5, Int J Spine Surg), used for S1.
S1_ENDPLATE_DEPTH_MM = 35.3
#: Distance from the femoral-head axis to the centre of the S1 endplate [mm]. A typical
#: value for the drawing, without a primary source; it moves the hip in the drawings,
#: never the angles.
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
        """Horizontal distance from the hip axis to the centre of the head [mm].

        Returns
        -------
        float
            Horizontal distance [mm], positive forward.
        """
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


def spine_geometry(
    sacral_slope_deg: float,
    lumbar_lordosis_deg: float,
    thoracic_kyphosis_deg: float,
    cervical_lordosis_deg: float,
    pelvic_tilt_deg: float,
    head_pitch_deg: float = 0.0,
) -> SpineGeometry:
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
    in a lumbar CT morphometry study, Int J Spine Surg; lumbar body heights do not differ
    significantly from L1 to L5 in 157 men, Gilad & Nissan 1985, J Anat 143:115), thoracic
    discs 4 (CT of 128 adults: anterior 4.0 +- 1.4, posterior 3.6 +- 0.9 mm in men; Eur
    Spine J 2015, doi:10.1007/s00586-015-3925-y), cervical discs 4.1 (middle height, CT of
    1000 adults 18-35 y, PMC11225399). Typical values without a primary source, for the
    drawing only: lumbar discs 10, thoracic bodies 17 (T1) to 24 (T12), the T12-L1 disc 8,
    cervical bodies 14 and C2 22. The angles the model reports do not depend on these
    heights; the drawing and the SVA do.
    """
    from hipcourse.kit.checks import number

    ss, ll, tk, cl = (
        number(name, v, -180.0, 180.0, unit="deg")
        for name, v in (
            ("sacral_slope_deg", sacral_slope_deg),
            ("lumbar_lordosis_deg", lumbar_lordosis_deg),
            ("thoracic_kyphosis_deg", thoracic_kyphosis_deg),
            ("cervical_lordosis_deg", cervical_lordosis_deg),
        )
    )
    pt = number("pelvic_tilt_deg", pelvic_tilt_deg, -180.0, 180.0, unit="deg")
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
    plate = np.array(
        [[-half * math.cos(t), half * math.sin(t)], [half * math.cos(t), -half * math.sin(t)]]
    )
    return SpineGeometry(
        centres=centres,
        bodies=bodies,
        curve=np.column_stack([x, y]),
        s1_endplate=plate,
        s1_posterior_corner=(float(plate[0, 0]), float(plate[0, 1])),
        head_pitch_deg=float(head_pitch_deg),
        top_tangent_deg=float(phi[-1]),
    )


def lordosis_apex(sacral_slope_deg: float, lumbar_lordosis_deg: float) -> str:
    """Where the lumbar curve is most forward (its tangent vertical), as a level name.

    Returns e.g. "L4 body" or "L4-L5 disc"; "above L1" when the lordosis ends before its
    tangent turns vertical (SS > LL); "S1" when SS <= 0. Roussouly et al. locate the apex
    of the lordosis in the same way, relative to the vertical [Roussouly2005]_.

    Parameters
    ----------
    sacral_slope_deg : float
        Sacral slope [deg].
    lumbar_lordosis_deg : float
        Lumbar lordosis L1-S1 [deg].

    Returns
    -------
    str
        A level name such as ``"L4 body"`` or ``"L4-L5 disc"``.
    """
    from hipcourse.kit.checks import number

    ss = number("sacral_slope_deg", sacral_slope_deg, -180.0, 180.0, unit="deg")
    ll = number("lumbar_lordosis_deg", lumbar_lordosis_deg, -180.0, 180.0, unit="deg")
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


def roussouly_type(
    sacral_slope_deg: float,
    pelvic_incidence_deg: float,
    pelvic_tilt_deg: float,
    lumbar_lordosis_deg: float,
) -> str:
    """Roussouly type of a standing spine: "1", "2", "3", "3AP" or "4".

    Parameters
    ----------
    sacral_slope_deg, pelvic_incidence_deg, pelvic_tilt_deg, lumbar_lordosis_deg : float
        SS, PI, PT and LL [deg] (LL is used only to place the apex of the lordosis).

    Returns
    -------
    str
        ``"1"``, ``"2"``, ``"3"``, ``"3AP"`` (anteverted type 3) or ``"4"``.


    Notes
    -----
    The four types of [Roussouly2005]_ are set by the sacral slope. The cut-offs used here
    (SS < 35: types 1 and 2; 35-45: type 3; > 45: type 4) are the commonly quoted ones;
    of these, only the 35 deg line of type 3AP is confirmed in a primary source read for
    the course ([Laouissat2018]_). Types 1 and 2 differ by the apex of the lordosis: at L5 or the L4-5 disc
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
    """  # noqa: E501
    from hipcourse.kit.checks import number

    ss, pi, pt = (
        number(name, v, -180.0, 180.0, unit="deg")
        for name, v in (
            ("sacral_slope_deg", sacral_slope_deg),
            ("pelvic_incidence_deg", pelvic_incidence_deg),
            ("pelvic_tilt_deg", pelvic_tilt_deg),
        )
    )
    if ss >= 35.0:
        if pi < 50.0 and pt < 5.0:
            return "3AP"
        return "4" if ss > 45.0 else "3"
    apex = lordosis_apex(ss, lumbar_lordosis_deg)
    low = apex in ("S1", "L5 body", "L5-S1 disc", "L4-L5 disc")
    return "1" if low else "2"


def _alignment(pi, pt, ll, tk, cl, mode, neutral_pt, head_pitch=0.0) -> Alignment:
    from hipcourse.models.spine.pelvis import check_pelvis

    ss = check_pelvis(pi, pt)
    geo = spine_geometry(ss, ll, tk, cl, pt, head_pitch)
    return Alignment(
        pelvic_incidence_deg=pi,
        pelvic_tilt_deg=pt,
        sacral_slope_deg=ss,
        lumbar_lordosis_deg=ll,
        thoracic_kyphosis_deg=tk,
        cervical_lordosis_deg=cl,
        sva_mm=geo.sva_mm,
        roussouly_type=roussouly_type(ss, pi, pt, ll),
        mode=mode,
        neutral_pelvic_tilt_deg=neutral_pt,
        geometry=geo,
    )
