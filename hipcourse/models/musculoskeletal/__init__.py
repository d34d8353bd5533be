"""Which muscles does a pose lengthen? Muscle-tendon lengths in the MyoLeg model.

The model
---------
MyoLeg is the bilateral leg model of the ``myo-sim`` package, simulated with MuJoCo. It was
converted from the full-body OpenSim model of Rajagopal et al. (2016) and keeps its 80 leg
muscles; this module reports the 40 of the right leg. For a pose of the right leg it sets the
joint angles, solves the coupled knee joints, runs MuJoCo's position stage and reads each
muscle's musculotendon length (origin to insertion along its path, wrapping around bones).

Sign conventions (stated once for the whole course; degrees at every public boundary)
------------------------------------------------------------------------------------------
All angles are of the right thigh relative to the pelvis, and of the shank relative to the
thigh, zero in anatomical standing:

* ``hip_flexion_deg``: + flexion (thigh forward), - extension;
* ``hip_adduction_deg``: + adduction (towards the midline), - abduction;
* ``hip_rotation_deg``: + internal rotation, - external rotation;
* ``knee_flexion_deg``: + flexion, 0 = straight.

The allowed ranges are :data:`JOINT_RANGES_DEG` (the model's own joint limits); anything
outside, or anything that is not a number, raises :class:`~hipcourse.InputError` naming the
joint, the value and the range.

Two corrections of the knee
---------------------------
* **Coupling.** The knee is one degree of freedom: ``knee_angle_r`` drives two tibia
  translations, two small tibia rotations and three patella coordinates through MuJoCo
  joint equalities ``y - y0 = a0 + a1 (x - x0) + ... + a4 (x - x0)^4``. MuJoCo only enforces
  them during simulation, and even the standing pose ``qpos0`` violates them (the patella
  sits 1 cm off). We solve every dependent joint explicitly from the knee angle, so the
  equality residuals are zero; otherwise the vasti appear to shorten when the knee bends.
* **Pivot.** MyoLeg's three knee hinges turn about the tibia's body origin, whereas the
  walker knee of Rajagopal et al. (2016) turns about a frame offset by
  :data:`KNEE_CHILD_OFFSET_M` in the tibia. Left alone, the shin drifts by up to 15 mm at
  deep flexion and the muscles that cross the knee are off by up to a few percentage
  points. We move the hinges to that point before compiling, unless the installed
  ``myo-sim`` already puts them there (then nothing is changed); the cached model is then
  checked against the walker knee's kinematics (:func:`knee_pivot_drift_m`).

A correction of a wrapping surface
----------------------------------
In Rajagopal et al. (2016) iliacus wraps over the pelvic brim around a *cylinder*
(``IL_at_brim``, radius 0.0549 m); MyoLeg turned that surface into a *sphere* of the same
radius, which puts iliacus's % change up to 7 percentage points off (either way) when hip
extension is combined with adduction or abduction and rotation. We turn it back into a
cylinder (same place, same axis) and drop the "side site" MyoLeg attached to it: with that
site MuJoCo wraps iliacus the long way round the cylinder in deep abduction (up to 120 points
off), whereas without it MuJoCo follows OpenSim's path [4] to 0.02 points. Nothing is changed
if the installed ``myo-sim`` already has a plain cylinder there (:data:`ILIACUS_WRAP`).

Fidelity
--------
With these corrections the model's % changes agree with the Rajagopal et al. (2016) model run in
OpenSim 4.6 [4] to within 0.5 percentage points for every right-leg muscle whose path MyoLeg
kept, over the whole range of :data:`JOINT_RANGES_DEG` (``tests/test_opensim_fidelity.py``
checks it against lengths OpenSim computed for 66 poses, made by
``tests/data/make_opensim_reference.py``). The gastrocnemii lost their wrap around the femoral
condyles in MyoLeg and differ by up to about 1 point; gluteus maximus 1-2 and psoas lost their
wrapping surfaces and differ by far more (see below).

Two measures, and the rule that decides a stretch's targets
-----------------------------------------------------------
For every muscle we report, against anatomical standing (all angles zero):

* ``length_change_pct``: the % change of its musculotendon length;
* ``fibre_strain``: the change of length divided by the muscle's optimal fibre length
  ``L0`` (Rajagopal et al. 2016), i.e. how many fibre lengths the fibres are pulled out,
  assuming the tendon does not stretch and ignoring pennation.

The % change favours muscles with short tendons (gluteus maximus, adductor magnus): a long
tendon dilutes the percentage although the fibres are stretched just as much. Fibre strain
measures what a stretch acts on, the muscle fibres, and ranks the long-tendon hamstrings
and rectus femoris as physiotherapists expect. **Rule:** a stretch works most the muscle
whose fibres it lengthens most (largest ``fibre_strain``); a group's score is its
largest fibre strain, and a muscle that belongs to two groups (rectus femoris: quadriceps
and hip flexors; TFL: glutes and hip flexors) counts for both. A catalog stretch *agrees*
with the model when its declared group has the top score and each declared target muscle
that the model contains lengthens (a muscle in several parts: their mean). In plain words
for learners: "the model counts how far each muscle's fibres are pulled beyond their
standing length, in units of their own ideal length; the muscle pulled furthest is the one
the stretch works most."

Known blind spots of the rule: muscles that cross only the knee (the vasti) gain fibre
strain in any pose with a bent knee, whether or not the stretch is meant for them; and the
rule says nothing about tendons, nerves or how a stretch feels. Disagreements with the
catalog are recorded in ``stretches.toml`` as ``model_note`` and shown in the course.

Optimal fibre length
--------------------
MuJoCo's muscle model maps the actuator length onto a normalised fibre length with
``L0 = (lengthrange[1] - lengthrange[0]) / (range[1] - range[0])``, ``range`` being
``gainprm[0:2]`` (MuJoCo, ``mju_muscleGain`` in ``engine_util_misc.c``). For 29 of the 40
right-leg muscles this reproduces Rajagopal's optimal fibre length to 2.5 %; for the other 11
the conversion's fitted ``range`` sits on its optimiser's bounds (0.1 or 1.8) and the formula
gives 1.2 to 2.4 times the published value (rectus femoris 0.171 m instead of 0.0759 m).
We therefore use the MuJoCo-derived ``L0`` where it agrees with the published value within
5 % and the published value (:data:`OPTIMAL_FIBRE_LENGTH_M`) elsewhere; see
:func:`optimal_fibre_lengths_m`.

Known limits of the model (say so wherever the course discusses these muscles)
-------------------------------------------------------------------------------
* MyoLeg removed the wrapping surfaces of gluteus maximus parts 1-2 and of psoas, so their
  lengthening in deep hip flexion (gluteus maximus 1: up to 19 percentage points less than in
  OpenSim at about 100 degrees of flexion with adduction, 33 at 120 degrees of flexion with
  full adduction and internal rotation; gluteus maximus 2: up to 10 less) and in extension
  (psoas: 2 to 4 less) is under-estimated, and psoas is anchored on the pelvis (its lumbar
  part is not modelled). It also removed the gastrocnemii's wrap around the femoral condyles:
  with a straight knee they are up to 1 % longer than in OpenSim (the paths agree once the knee
  is bent 25 degrees or more), so their % changes differ by up to about 1 point.
* There is no gemellus, obturator, quadratus femoris or pectineus.
* The iliotibial band is part of the TFL path.
* Lengths only: no forces, no tendon stretch, no soft tissue, one average adult.

Speed
-----
The compiled model is cached as an MJB file in a user cache folder
(``platformdirs.user_cache_dir("hipcourse")``, or ``$HIPCOURSE_CACHE_DIR``), keyed by the
myo-sim and MuJoCo versions and written atomically; a corrupt file is rebuilt. The build
runs in a subprocess inside a temporary folder, because MuJoCo writes ``MUJOCO_LOG.TXT`` into
the current folder. MuJoCo and myo-sim are imported only when a length is first asked for.

References
----------
.. [1] Rajagopal A., Dembia C.L., DeMers M.S., Delp D.D., Hicks J.L., Delp S.L. (2016)
   Full-body musculoskeletal model for muscle-driven simulation of human gait.
   IEEE Trans Biomed Eng 63(10):2068-2079. doi:10.1109/TBME.2016.2586891
.. [2] Todorov E., Erez T., Tassa Y. (2012) MuJoCo: a physics engine for model-based
   control. IEEE/RSJ IROS, 5026-5033.
.. [3] Millard M., Uchida T., Seth A., Delp S.L. (2013) Flexing computational muscle:
   modeling and simulation of musculotendon dynamics. J Biomech Eng 135(2):021005.
.. [4] Delp S.L., Anderson F.C., Arnold A.S., Loan P., Habib A., John C.T., Guendelman E.,
   Thelen D.G. (2007) OpenSim: open-source software to create and analyze dynamic
   simulations of movement. IEEE Trans Biomed Eng 54(11):1940-1950.

Examples
--------
>>> from hipcourse import musculoskeletal as msk
>>> change = msk.length_change(knee_flexion_deg=120)
>>> round(change["vasint_r"].length_change_pct)      # the vasti lengthen with knee flexion
25
>>> msk.stretch_effect("hamstring-supine-strap").works_most
('hamstrings',)
"""

from __future__ import annotations

from hipcourse.models.musculoskeletal.build import (  # noqa: F401
    _build_in_subprocess,
    _build_model_file,
    _check_model,
    _correct_iliacus_wrap,
    _correct_knee_pivot,
    _drop_iliacus_sidesite,
    _geom_kind,
    _iliacus_wrap_action,
    _iliacus_wraps,
    _load_compiled,
    _main,
    _pivot_action,
    _QuietMujoco,
    _wrap_action,
    _write_json_atomic,
    cache_dir,
    cache_path,
    model_version,
)
from hipcourse.models.musculoskeletal.engine import (  # noqa: F401
    _Engine,
    _engine,
    _optimal_l0,
    load_model,
    mujoco_optimal_length_m,
)
from hipcourse.models.musculoskeletal.kinematics import (  # noqa: F401
    _joint_equalities,
    _set_knee,
    _solve_coupling,
    knee_pivot_drift_m,
)
from hipcourse.models.musculoskeletal.lengths import (  # noqa: F401
    _change_from_lengths,
    _stretch,
    body_positions,
    compare_in_stretch,
    display_name,
    length_change,
    length_change_batch,
    muscle_names,
    muscles_of,
    musculotendon_lengths_m,
    optimal_fibre_lengths_m,
    pose_geometry,
    pose_state,
    reference_lengths_m,
    stretch_effect,
)

# The package is split by what each module holds (issue 14); every name other code uses,
# the private helpers the whole-body poses build on included, is re-exported here.
from hipcourse.models.musculoskeletal.names import (  # noqa: F401
    _KNEE_HINGES,
    _MODEL_JOINT,
    CACHE_ENV,
    CORRECTIONS_VERSION,
    ILIACUS_WRAP,
    JOINT_RANGES_DEG,
    JOINTS,
    KNEE_CHILD_OFFSET_M,
    KNEE_PIVOT_TOLERANCE_M,
    L0_AGREEMENT,
    METRICS,
    MODEL_NAME,
    MUJOCO_VERSION,
    MYO_SIM_VERSION,
    OPTIMAL_FIBRE_LENGTH_M,
    _angles,
    _angles_array,
    _dist_version,
)
from hipcourse.models.musculoskeletal.records import (  # noqa: F401
    GroupChange,
    LengthChange,
    MuscleChange,
    MuscleComparison,
    PoseGeometry,
    StretchEffect,
    TargetCheck,
    _display_name,
)
