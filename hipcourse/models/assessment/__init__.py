"""Self-tests: how to do them, what is normal, how far to trust them, where to start.

The tests live in ``hipcourse/data/assessments.toml`` (content as data: an instructor can
add a test there); this module loads and checks them, validates a learner's result, turns
results into a suggested starting rung per muscle group (:func:`suggest_levels`, which the
routine builder takes as its ``levels``) and summarises progress over time
(:func:`progress_summary`). Pure and deterministic: no files are written, nothing heavy
is imported.

Units: angles in degrees (``"deg"``), distances in centimetres (``"cm"``), and picture
choices numbered 1, 2, 3, ... from the tightest picture (``"choice"``).

Normal ranges and their sources (see each test's ``normal.source``):

- straight-leg raise: no accepted norm; 80 deg is the line Ayala et al. (2013) Phys Ther
  Sport 14:98 used to split 138 men into groups (status "reference").
- active knee extension within 20 deg of straight: the usual cut-off (Lim 2023, J Korean
  Phys Ther Sci 30:31); 123 young adults in Yildirim et al. (2018) Balkan Med J 35:388.
- modified Thomas test, thigh at or below the table: a hip that cannot extend to 0 deg
  (Vigotsky et al. 2016, PeerJ 4:e2325); knee angle: no accepted norm, the mean of 117
  elite athletes, 52.5 deg (Harvey 1998, Br J Sports Med 32:68). Reliability: Peeler &
  Anderson (2007) Phys Ther Sport 8:14 (hip) and (2008) J Athl Train 43:470 (knee).
- prone heel-to-buttock: no published norm; the course's own guide (status "course").
- FABER knee height: no norm; one study of 19 adults, 12.4 +/- 2.8 cm (PubMed 27999724).
- hip abduction 30-50 deg: Wilson (2014) Am Fam Physician 89:27, via fpnotebook.com
  (secondary).

The rules that turn a score into a rung are the course's own rules of thumb, anchored on
those cut-offs; they are not from a study, and the lesson says so.

Examples
--------
>>> from hipcourse.models.assessment import load_tests, suggest_levels
>>> load_tests().test("straight-leg-raise").normal.low
80.0
>>> suggest_levels({"straight-leg-raise": {"left": 72, "right": 64}})
{'hamstrings': 2}
"""

from __future__ import annotations

from hipcourse.models.assessment.loader import (  # noqa: F401
    _default_tests,
    _load,
    _load_test,
    load_tests,
)
from hipcourse.models.assessment.results import (  # noqa: F401
    Result,
    Suggestion,
    _as_results,
    _latest_by_side,
    _test_rung,
    check_date,
    check_note,
    check_result,
    format_date,
    progress_summary,
    series,
    suggest,
    suggest_levels,
)

# Split by what each module holds (issue 14); every name other code uses is re-exported here.
from hipcourse.models.assessment.selftests import (  # noqa: F401
    MAX_NOTE_CHARS,
    NORM_STATUSES,
    RULE_KINDS,
    SIDES,
    TESTS_FILE,
    UNITS,
    NormalRange,
    Reliability,
    Rule,
    SelfTest,
    SelfTests,
)
