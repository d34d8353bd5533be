"""Routine building: a request (time, session type, focus, limits) -> a routine.

Pure and deterministic: the same :class:`RoutineRequest` always gives the same
:class:`Routine`, byte for byte in :meth:`Routine.to_json`. Everything the builder knows
about muscles, ladders, places it aches and restrictions comes from the catalog
(``hipcourse/data/stretches.toml``); this module holds only the rules.

The rules
---------
Session types follow the course's source article: a **focused** session climbs each chosen
group's ladder from rung 1 up to the learner's level (the lower rungs prepare for the
harder positions); a **cool-down** and a **desk break** stay on the easy rungs, and a desk
break uses standing and chair positions only.

Dose follows the American College of Sports Medicine (ACSM): static holds of 10-30 s for
most adults and 30-60 s for older adults, repeated so that each stretch accumulates about
60 s, with 2-4 repetitions [1]_ [2]_. In adults aged about 85, 60-s holds gave the fastest
gains in range of motion [3]_, so older-adult mode uses 60-s holds where time allows.

Over a week, the guidance is at least 5 minutes under stretch per muscle group, spread over
at least 5 days (Thomas et al. 2018 [4]_); :data:`DOSE` (a :class:`DoseGuidance`) holds
every dose figure the builder and the progress report use, and
:meth:`Routine.weekly_plan` says how many days a week a routine reaches it.

Time is counted honestly: a "get ready" pause before every stretch (default 10 s), extra
time to move between positions (10 s per step along standing -> chair -> kneeling ->
floor), and a 5-s gap between holds to release or switch sides. These are the course's own
planning assumptions, not published values. The total never exceeds the budget.

Dose (seconds under stretch per group, per side, in all, and the session's length) is
computed in one place, :mod:`hipcourse.models.routine.dose`, and read through
:meth:`Routine.dose`; the journal, handouts, widgets and CLI never compute it themselves.

Steps are ordered to keep position changes few (standing -> chair -> kneeling -> floor, the
reverse for a cool-down) while each focused climb keeps its rung order.

The package
-----------
``request`` (constants, :class:`RoutineRequest`), ``dose`` (:class:`Dose`, the ACSM hold
rules), ``steps`` (:class:`Step`, :class:`Routine`), ``build`` (:func:`build_routine`),
``timer`` (:func:`timeline`, :class:`Player`), ``files`` (saved ``hipcourse-routine``
JSON files). Every name is importable from ``hipcourse.models.routine``.

References
----------
.. [1] Garber CE et al. (2011) American College of Sports Medicine position stand:
   quantity and quality of exercise... Med Sci Sports Exerc 43:1334-1359. (The "about
   60 s per stretch" and "2-4 repetitions" figures are taken from secondary summaries.)
.. [2] ACSM's Guidelines for Exercise Testing and Prescription, 11th ed. (2021), Table 5.6.
.. [3] Feland JB et al. (2001) The effect of duration of stretching of the hamstring
   muscle group for increasing range of motion in people aged 65 years or older.
   Phys Ther 81:1110-1117.
.. [4] Thomas E, Bianco A, Paoli A, Palma A (2018) The relation between stretching
   typology and stretching duration: the effects on range of motion. Int J Sports Med
   39:243-254.

Examples
--------
>>> from hipcourse.models.routine import RoutineRequest, build_routine
>>> r = build_routine(RoutineRequest(minutes=5, session="desk-break", focus=("hip-flexors",)))
>>> [(s.stretch_id, s.side, s.hold_s, s.reps) for s in r.steps]
[('hip-flexor-standing-lunge', 'both', 30, 2)]
>>> r.total_s <= 5 * 60
True
"""

from __future__ import annotations

from hipcourse.models.routine import build, dose, files, request, steps, timer  # noqa: F401
from hipcourse.models.routine.build import build_routine  # noqa: F401
from hipcourse.models.routine.dose import (  # noqa: F401
    DOSE,
    Dose,
    DoseGuidance,
    Guidance,
    dose_of_steps,
    format_duration,
    guidance,
)
from hipcourse.models.routine.files import (  # noqa: F401
    RoutineFileError,
    load_routine,
    routine_from_dict,
    routine_from_json,
    save_routine,
)
from hipcourse.models.routine.request import (  # noqa: F401
    DESK_BREAK_MAX_MIN,
    DESK_POSITIONS,
    DOSE_GUIDANCE_S,
    EQUIPMENT,
    FILE_FORMAT,
    FILE_VERSION,
    FILL_TARGET,
    GAP_S,
    GET_READY_RANGE_S,
    GET_READY_S,
    HOLD_RANGE_S,
    HOLD_STEP_S,
    LIMITS,
    MAX_REPS,
    MINUTES_RANGE,
    OLDER_HOLD_RANGE_S,
    POSITION_CHANGE_S,
    ROLES,
    SESSIONS,
    SIDES,
    STEP_SIDES,
    RoutineRequest,
)
from hipcourse.models.routine.steps import Excluded, Routine, Step  # noqa: F401
from hipcourse.models.routine.timer import Cue, Player, Segment, done_summary, timeline  # noqa: F401

__all__ = [
    "RoutineRequest",
    "Routine",
    "Step",
    "Excluded",
    "build_routine",
    "timeline",
    "Segment",
    "Cue",
    "Player",
    "save_routine",
    "load_routine",
    "routine_from_json",
    "routine_from_dict",
    "RoutineFileError",
    "format_duration",
    "done_summary",
    "Dose",
    "dose_of_steps",
    "DOSE",
    "DoseGuidance",
    "SESSIONS",
    "SIDES",
    "LIMITS",
    "EQUIPMENT",
    "DOSE_GUIDANCE_S",
    "HOLD_RANGE_S",
    "OLDER_HOLD_RANGE_S",
]
