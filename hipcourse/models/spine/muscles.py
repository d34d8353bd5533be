"""Muscles -> pelvis: how short hip flexors hold the pelvis in anterior tilt when standing,
and how short hamstrings limit the hip hinge of a forward bend (MyoLeg lengths).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from hipcourse.kit.checks import InputError, choice, number
from hipcourse.models.spine.geometry import Alignment
from hipcourse.models.spine.pelvis import (
    DEFAULT_PELVIC_INCIDENCE_DEG,
    _derived_pelvic_tilt,
    check_pelvic_incidence,
    typical_pelvic_tilt_deg,
)
from hipcourse.models.spine.posture import spine_for_posture

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
#: Hip flexion [deg] at which the model's reference hamstrings reach their full length
#: with the knee straight: 80 deg, the straight-leg raise Ayala et al. (2013, Phys Ther
#: Sport 14:98) used to split 138 men into "normal" and "limited" groups. It is a
#: dividing line, not a measured norm.
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


def hip_flexor_tilt_by_muscle(
    hip_flexor_shortening_pct: float, muscles: Iterable[str] = HIP_FLEXORS
) -> dict[str, float]:
    """Standing anterior tilt [deg] each shortened hip flexor would force on its own.

    See :func:`standing_tilt_from_hip_flexor_shortening`; a muscle whose shortening would
    need more than :data:`MAX_FORCED_TILT_DEG` gets ``math.inf``.

    Parameters
    ----------
    hip_flexor_shortening_pct : float
        How much shorter [%] than its standing length the muscle is, 0 to
        :func:`max_hip_flexor_shortening_pct`.
    muscles : iterable of str
        Any of :data:`HIP_FLEXORS` (``"iliacus"``, ``"psoas"``).

    Returns
    -------
    dict of str to float
        ``{muscle: anterior tilt [deg]}`` (``math.inf`` beyond :data:`MAX_FORCED_TILT_DEG`).
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
        out[m] = (
            float(np.interp(target, col[ok][::-1], _FLEX_GRID_DEG[ok][::-1]))
            if target < hi
            else 0.0
        )
    return out


def max_hip_flexor_shortening_pct(muscles: Iterable[str] = HIP_FLEXORS) -> float:
    """Largest shortening [%] for which the forced tilt stays within MAX_FORCED_TILT_DEG.

    Parameters
    ----------
    muscles : iterable of str
        Any of :data:`HIP_FLEXORS`.

    Returns
    -------
    float
        The largest shortening [%] the model can turn into a tilt.
    """
    muscles = _muscle_choice("muscles", muscles, HIP_FLEXORS)
    lengths = _lengths_over_flexion(muscles, 0.0)
    ok = _FLEX_GRID_DEG <= MAX_FORCED_TILT_DEG
    return float(
        min(100.0 * (1.0 - lengths[ok, j].min() / lengths[0, j]) for j in range(len(muscles)))
    )


def standing_tilt_from_hip_flexor_shortening(
    hip_flexor_shortening_pct: float, muscles: Iterable[str] = HIP_FLEXORS
) -> float:
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
        raise InputError(
            "hip_flexor_shortening_pct",
            hip_flexor_shortening_pct,
            f"a number from 0 to {math.floor(hi * 10) / 10:g} % (more would tip "
            f"the pelvis over {MAX_FORCED_TILT_DEG:g} deg)",
        )
    return tilt


def spine_for_hip_flexor_shortening(
    hip_flexor_shortening_pct: float,
    pelvic_incidence_deg: float = DEFAULT_PELVIC_INCIDENCE_DEG,
    muscles: Iterable[str] = HIP_FLEXORS,
) -> Alignment:
    """One person's standing spine when short hip flexors hold their pelvis tipped forward.

    The forced tilt (:func:`standing_tilt_from_hip_flexor_shortening`) is taken from the
    person's neutral PT (the typical PT for their PI) and passed to
    :func:`spine_for_posture`.

    Parameters
    ----------
    hip_flexor_shortening_pct : float
        Shortening [%] of the hip flexors, 0 to :func:`max_hip_flexor_shortening_pct`.
    pelvic_incidence_deg : float
        Pelvic incidence [deg], 20 to 100.
    muscles : iterable of str
        Which of :data:`HIP_FLEXORS` are short.

    Returns
    -------
    Alignment
        The standing spine; ``anterior_tilt_deg`` [deg] is the forced tilt.
    """
    pi = check_pelvic_incidence(pelvic_incidence_deg)
    tilt = standing_tilt_from_hip_flexor_shortening(hip_flexor_shortening_pct, muscles)
    pt = _derived_pelvic_tilt(
        typical_pelvic_tilt_deg(pi) - tilt, "pelvic tilt forced by the hip-flexor shortening"
    )
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


def forward_bend(
    trunk_flexion_deg: float = 110.0,
    hamstring_shortening_pct: float = 0.0,
    knee_flexion_deg: float = 0.0,
) -> ForwardBend:
    """How tight hamstrings shift a forward bend from the hips to the lumbar spine.

    Parameters
    ----------
    trunk_flexion_deg : float
        How far the trunk bends forward from upright [deg], 0-150: the sum of the pelvis's
        rotation on the thighs and the lumbar spine's flexion.
    hamstring_shortening_pct : float
        How much shorter [%] the hamstrings' greatest length is than that of the model's
        reference hamstrings, 0-15. Reference = full length at a straight-leg raise of
        80 deg (:data:`NORMAL_SLR_DEG`). Beyond about 15 % the model's hamstrings would be
        too short even for upright standing.
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

    The split it gives for the reference hamstrings (80 deg at the hips, 30 deg lumbar in a
    110 deg bend) is **not** a normal split: the people without back pain in Reis et al.
    (2015) moved the pelvis and the lumbar spine about equally (66.7 and 64.5 deg). The
    model knows only the hamstrings' length, not how people choose to move, so it shows
    the direction of the effect, not the split.

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
    return ForwardBend(
        trunk_flexion_deg=trunk,
        hamstring_shortening_pct=p,
        knee_flexion_deg=knee,
        hip_limit_deg=hip_limit,
        limiting_muscle=muscle,
        pelvic_rotation_deg=pelvis,
        lumbar_flexion_deg=trunk - pelvis,
    )
