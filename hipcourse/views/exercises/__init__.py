"""Self-check helpers for the lessons' exercises: predict, then check, get feedback.

Each ``check_*`` function compares a learner's answer with what the package computes and
returns a :class:`Feedback` that explains, rather than a bare True/False. Feedback renders
as Markdown in a notebook and as plain text elsewhere.

One module per lesson subject; ``from hipcourse import exercises`` gives every check.
"""

from __future__ import annotations

from hipcourse.views.exercises.anatomy import (
    KNEE_BEND_CHOICES,
    check_desk_friendly,
    check_groups_of,
    check_knee_bend_lengthens,
    check_rung_choice,
    check_stretch_works_most,
    check_two_joint_muscles,
)
from hipcourse.views.exercises.feedback import YOUR_TURN, Feedback, awaits_answer, compare_sets
from hipcourse.views.exercises.groups import (
    SAME_LENGTH_PCT,
    check_faber_difference,
    check_group_leader,
    check_pose_change,
    check_rung_for_muscle,
    check_self_test,
    check_side_bend_target,
)
from hipcourse.views.exercises.routine import (
    check_allowed_rungs,
    check_starting_rung,
    check_step_time,
    check_weekly_minutes,
)
from hipcourse.views.exercises.spine import (
    check_forward_bend,
    check_hip_flexor_tilt,
    check_lordosis_change,
    check_roussouly_type,
    check_sacral_slope,
    check_sitting_lordosis,
    check_tilt_direction,
    check_upper_back,
)

# An answer of None (how every exercise starts) gets "your turn", never a verdict.
for _name in [n for n in dir() if n.startswith("check_")]:
    globals()[_name] = awaits_answer(globals()[_name])
del _name

__all__ = [
    "Feedback",
    "KNEE_BEND_CHOICES",
    "SAME_LENGTH_PCT",
    "check_allowed_rungs",
    "check_desk_friendly",
    "check_faber_difference",
    "check_forward_bend",
    "check_group_leader",
    "check_groups_of",
    "check_hip_flexor_tilt",
    "check_knee_bend_lengthens",
    "check_lordosis_change",
    "check_pose_change",
    "check_roussouly_type",
    "check_rung_choice",
    "check_rung_for_muscle",
    "check_sacral_slope",
    "check_self_test",
    "check_side_bend_target",
    "check_sitting_lordosis",
    "check_starting_rung",
    "check_step_time",
    "check_stretch_works_most",
    "check_tilt_direction",
    "check_two_joint_muscles",
    "check_upper_back",
    "check_weekly_minutes",
    "compare_sets",
    "YOUR_TURN",
    "awaits_answer",
]
