"""ipywidgets front ends over the models. Views only: no domain logic here.

Every widget catches the models' ``ValueError`` and shows its message in the widget
(never a traceback), and updates existing matplotlib artists in place rather than drawing
a new figure per change.
"""

from hipcourse.views.widgets.common import guarded, message_box, show_message
from hipcourse.views.widgets.explorers import (
    EXPLORER_DEFAULT_POSE,
    TILT_EXPLORER_READOUTS,
    MuscleExplorer,
    PelvicTiltExplorer,
    muscle_explorer,
    muscle_explorer_static,
    pelvic_tilt_explorer,
    pelvic_tilt_explorer_static,
)
from hipcourse.views.widgets.routine_app import RoutineApp, routine_app
from hipcourse.views.widgets.routine_builder import (
    RoutineBuilder,
    cue_sound,
    routine_builder,
    tone_wav,
)
from hipcourse.views.widgets.self_test import SelfTestForm, self_test_form

__all__ = [
    "guarded",
    "message_box",
    "show_message",
    "EXPLORER_DEFAULT_POSE",
    "TILT_EXPLORER_READOUTS",
    "MuscleExplorer",
    "PelvicTiltExplorer",
    "muscle_explorer",
    "muscle_explorer_static",
    "pelvic_tilt_explorer",
    "pelvic_tilt_explorer_static",
    "RoutineBuilder",
    "cue_sound",
    "routine_builder",
    "tone_wav",
    "SelfTestForm",
    "self_test_form",
    "RoutineApp",
    "routine_app",
]
