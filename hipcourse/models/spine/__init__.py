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
.. [PIclass] Theoretical PT and LL by PI class, PMC4303780, Table 3.
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

from hipcourse.models.spine.geometry import (  # noqa: F401
    _LEN,
    _PIECES,
    BODY_DEPTH_MM,
    BODY_HEIGHT_MM,
    DISC_HEIGHT_MM,
    HEAD_OFFSET_MM,
    HIP_TO_S1_MM,
    KYPHOSIS_APEX,
    LEVELS,
    LORDOSIS_SHARE,
    S1_ENDPLATE_DEPTH_MM,
    Alignment,
    SpineGeometry,
    _alignment,
    _body_height_mm,
    _disc_below_mm,
    _head,
    _head_over_hip,
    _hip_axis,
    _integrate,
    _pieces,
    _unit_weights,
    lordosis_apex,
    roussouly_type,
    spine_geometry,
)
from hipcourse.models.spine.muscles import (  # noqa: F401
    _FLEX_GRID_DEG,
    HAMSTRINGS,
    HIP_FLEXORS,
    MAX_FORCED_TILT_DEG,
    NORMAL_SLR_DEG,
    ForwardBend,
    _lengths_over_flexion,
    _muscle_choice,
    forward_bend,
    hip_flexor_tilt_by_muscle,
    max_hip_flexor_shortening_pct,
    spine_for_hip_flexor_shortening,
    standing_tilt_from_hip_flexor_shortening,
)

# Split by what each module holds (issue 14); every name other code uses is re-exported here.
from hipcourse.models.spine.pelvis import (  # noqa: F401
    _BMC,
    _PI_CLASSES,
    ADULT_NORMS,
    DEFAULT_PELVIC_INCIDENCE_DEG,
    DEFAULT_PELVIC_TILT_DEG,
    LORDOSIS_PER_SACRAL_SLOPE,
    MODES,
    PELVIC_INCIDENCE_RANGE_DEG,
    PELVIC_TILT_RANGE_DEG,
    SACRAL_SLOPE_RANGE_DEG,
    SITTING_CHANGES,
    TYPICAL_CERVICAL_LORDOSIS_DEG,
    TYPICAL_THORACIC_KYPHOSIS_DEG,
    Norm,
    _derived_pelvic_tilt,
    check_pelvic_incidence,
    check_pelvic_tilt,
    check_pelvis,
    pelvic_tilt_change_from_asis_psis_deg,
    pelvic_tilt_from_asis_psis_deg,
    pi_class_theoretical,
    sacral_slope_deg,
    typical_lumbar_lordosis_deg,
    typical_pelvic_tilt_deg,
)
from hipcourse.models.spine.posture import (  # noqa: F401
    _replace_mode,
    _solve_compensation,
    compare_with_norms,
    norms_text,
    sitting_spine,
    spine_alignment,
    spine_for_person,
    spine_for_posture,
    tilt_chain,
)
