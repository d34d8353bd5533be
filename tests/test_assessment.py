"""Self-tests: the data file, its checks, suggested rungs and progress summaries."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path

import pytest

from hipcourse.cli import main
from hipcourse.content.catalog import GROUP_IDS, CatalogError, load_catalog
from hipcourse.models import assessment as A

TODAY = dt.date(2025, 6, 1)


# --------------------------------------------------------------------------- the data
def test_every_group_has_a_self_test():
    tests = A.load_tests()
    for g in GROUP_IDS:
        assert tests.for_group(g), g
    # the tests the issue names are all there
    for tid in (
        "straight-leg-raise",
        "active-knee-extension",
        "thomas-thigh-angle",
        "thomas-knee-angle",
        "prone-heel-to-buttock",
        "faber-distance",
        "supine-abduction",
        "thomas-picture",
    ):
        assert tid in tests.ids


def test_units_ranges_and_normals_are_consistent():
    for t in A.load_tests().tests:
        assert t.unit in A.UNITS
        assert t.min < t.max
        for v in (t.normal.low, t.normal.high):
            assert v is None or t.min <= v <= t.max
        assert t.steps and t.record and t.reliability.text and t.normal.source
        if t.unit == "choice":
            assert len(t.choices) == t.max - t.min + 1


def test_weak_norms_say_so():
    """Norms without a primary source, or that are only one study's figures, are never
    shown as established: their status and their text say so."""
    tests = A.load_tests()
    quad = tests.test("prone-heel-to-buttock").normal
    assert quad.status == "course" and not quad.verified
    assert "no published norm" in quad.text and "no published norm" in quad.caveat
    for tid in ("faber-distance", "straight-leg-raise", "thomas-knee-angle"):
        n = tests.test(tid).normal
        assert n.status == "reference" and "no accepted norm" in n.text, tid
        assert "not an accepted norm" in n.caveat, tid
    groin = tests.test("supine-abduction").normal
    assert groin.status == "secondary" and "Wilson 2014" in groin.source
    # the Thomas-test reliability figures sit on the card they were measured for
    thigh = tests.test("thomas-thigh-angle").reliability
    assert "Vigotsky" in thigh.source and "Peeler & Anderson 2007" in thigh.source
    assert "J Athl Train 43:470" not in thigh.source and "pelvis" in thigh.text
    knee = tests.test("thomas-knee-angle").reliability
    assert "Peeler & Anderson 2008" in knee.source and "Kim & Ha 2015" in knee.source
    # no norm cites the cerebral-palsy trial protocol's table any more
    assert not any("s13102" in x.normal.source for x in tests.tests)


def test_every_rule_gives_a_rung_on_the_ladder_and_is_monotonic():
    cat = load_catalog()
    for t in A.load_tests().tests:
        n = len(cat.ladder(t.group))
        steps = [t.min + (t.max - t.min) * k / 200 for k in range(201)]
        if t.unit == "choice":
            steps = list(range(int(t.min), int(t.max) + 1))
        rungs = [t.rule.rung(v, n) for v in steps]
        assert all(1 <= r <= n for r in rungs)
        ordered = rungs if t.better == "higher" else rungs[::-1]
        assert ordered == sorted(ordered), t.id  # more flexible never means a lower rung
        assert len(set(rungs)) >= 2, t.id


def test_rules_scale_to_longer_ladders():
    slr = A.load_tests().test("straight-leg-raise")
    assert slr.rule.rung(90, 5) == 5
    assert slr.rule.rung(90, 8) == 8
    assert slr.rule.rung(50, 8) == 1
    assert slr.rule.rung(70, 9) == 5  # halfway on a nine-rung ladder


def test_published_cut_offs_land_where_the_notes_say():
    t = A.load_tests()
    assert t.test("straight-leg-raise").rule.rung(80, 5) == 4
    assert t.test("active-knee-extension").rule.rung(20, 5) == 4
    assert t.test("thomas-thigh-angle").rule.rung(0, 5) == 3
    assert t.test("thomas-knee-angle").rule.rung(52.5, 5) == 3
    assert t.test("supine-abduction").rule.rung(30, 5) == 2


def test_weak_norms_cap_the_suggestion():
    t = A.load_tests()
    assert t.test("prone-heel-to-buttock").rule.rung(0, 5) == 4  # never the top rung
    assert t.test("thomas-knee-angle").rule.rung(120, 5) == 4  # no norm: never the top
    assert t.test("faber-distance").rule.rung(0, 5) == 3  # at most the middle
    assert t.test("faber-distance").rule.rung(0, 5, other_side=6) == 1  # > 4 cm apart


# --------------------------------------------------------------------------- broken data files
def _broken(tmp_path: Path, edit) -> Path:
    data = A.TESTS_FILE.read_text(encoding="utf-8")
    p = tmp_path / "assessments.toml"
    p.write_text(edit(data), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "edit, field",
    [
        (lambda s: s.replace('groups = ["hamstrings"]', 'groups = ["calves"]', 1), "groups"),
        (lambda s: s.replace("low = 80\n", "low = 200\n", 1), "normal.low"),
        (
            lambda s: s.replace("rung_1_at = 50\ntop_at = 90", "rung_1_at = 90\ntop_at = 50", 1),
            "rule.top_at",
        ),
        (lambda s: s.replace("rungs = [1, 3, 4]", "rungs = [1, 3]", 1), "rule.rungs"),
        (lambda s: s.replace('id = "active-knee-extension"', 'id = "straight-leg-raise"', 1), "id"),
        (lambda s: s.replace('unit = "deg"', 'unit = "inches"', 1), "unit"),
        (
            lambda s: s.replace(
                'status = "course"\n\n[test.reliability]',
                'status = "sure"\n\n[test.reliability]',
                1,
            ),
            "normal.status",
        ),
    ],
)
def test_a_broken_file_names_the_field(tmp_path, edit, field):
    with pytest.raises(CatalogError) as err:
        A.load_tests(_broken(tmp_path, edit))
    assert err.value.field == field
    assert "assessments.toml" in str(err.value)


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(test="toe-touch", side="left", value=3), "test"),
        (dict(test="straight-leg-raise", side="up", value=70), "side"),
        (dict(test="straight-leg-raise", side="left", value=151), "value"),
        (dict(test="straight-leg-raise", side="left", value=-1), "value"),
        (dict(test="straight-leg-raise", side="left", value="lots"), "value"),
        (dict(test="straight-leg-raise", side="left", value=float("nan")), "value"),
        (dict(test="thomas-picture", side="left", value=2.5), "value"),
        (dict(test="thomas-picture", side="left", value=4), "value"),
        (dict(test="straight-leg-raise", side="left", value=70, date="2025-06-02"), "date"),
        (dict(test="straight-leg-raise", side="left", value=70, date="1 June 2025"), "date"),
        (dict(test="straight-leg-raise", side="left", value=70, note=5), "note"),
    ],
)
def test_bad_results_are_refused_naming_the_field(kwargs, field):
    with pytest.raises(ValueError) as err:
        A.check_result(**kwargs, today=TODAY)
    assert err.value.field == field
    assert str(err.value).startswith(f"{field} = ")


def test_a_good_result_is_normalised():
    r = A.check_result("straight-leg-raise", "left", "72", "2025-05-31", today=TODAY)
    assert r == A.Result("straight-leg-raise", "left", 72.0, dt.date(2025, 5, 31), "")
    assert A.check_result("supine-abduction", "both", 40, today=TODAY).date == TODAY


# --------------------------------------------------------------------------- suggested rungs
def test_suggest_levels_uses_the_tighter_side():
    assert A.suggest_levels({"straight-leg-raise": {"left": 85, "right": 55}}) == {"hamstrings": 1}
    assert A.suggest_levels({"straight-leg-raise": {"left": 85, "right": 90}}) == {"hamstrings": 4}


def test_the_lowest_rung_of_a_groups_tests_wins():
    levels = A.suggest_levels({"straight-leg-raise": 90, "active-knee-extension": 40})
    assert levels == {"hamstrings": 2}


def test_a_test_for_two_groups_informs_both():
    levels = A.suggest_levels({"thomas-knee-angle": 80})
    assert levels == {"quadriceps": 4, "hip-flexors": 4}
    # the hip-flexor thigh angle is stricter and wins for hip flexors only
    levels = A.suggest_levels({"thomas-knee-angle": 80, "thomas-thigh-angle": 15})
    assert levels == {"quadriceps": 4, "hip-flexors": 1}


def test_only_the_latest_testing_day_counts():
    rows = [
        {"test": "thomas-picture", "side": "left", "value": 1, "date": "2025-03-01"},
        {"test": "thomas-thigh-angle", "side": "left", "value": -10, "date": "2025-05-01"},
        {"test": "straight-leg-raise", "side": "left", "value": 50, "date": "2025-03-01"},
        {"test": "straight-leg-raise", "side": "left", "value": 90, "date": "2025-05-01"},
    ]
    assert A.suggest_levels(rows) == {"hamstrings": 5, "hip-flexors": 5}


def test_faber_asymmetry_starts_on_rung_one_and_says_why():
    s = A.suggest({"faber-distance": {"left": 10, "right": 15}})["glutes"]
    assert s.level == 1 and "differ by more than 4 cm" in s.reason
    assert A.suggest_levels({"faber-distance": {"left": 10, "right": 12}}) == {"glutes": 3}


def test_suggestions_feed_the_routine_builder():
    from hipcourse.models.routine import RoutineRequest, build_routine

    levels = A.suggest_levels({"straight-leg-raise": 90, "supine-abduction": 20})
    r = build_routine(RoutineRequest(minutes=20, focus=("hamstrings", "groin"), levels=levels))
    top = {g: max(s.level for s in r.steps if s.group == g) for g in ("hamstrings", "groin")}
    assert top == {"hamstrings": 5, "groin": 1}


def test_no_results_no_suggestions():
    assert A.suggest_levels({}) == {}
    assert A.suggest_levels([]) == {}


# --------------------------------------------------------------------------- progress summary
def test_progress_summary_lines():
    rows = [
        {"test": "straight-leg-raise", "side": "left", "value": 60, "date": "2025-03-01"},
        {"test": "straight-leg-raise", "side": "right", "value": 64, "date": "2025-03-01"},
        {"test": "straight-leg-raise", "side": "left", "value": 72, "date": "2025-04-01"},
        {"test": "active-knee-extension", "side": "left", "value": 40, "date": "2025-04-01"},
        {"test": "faber-distance", "side": "left", "value": 14, "date": "2025-04-01"},
        {"test": "faber-distance", "side": "left", "value": 16.5, "date": "2025-04-20"},
    ]
    s = A.progress_summary(rows)
    assert list(s) == list(GROUP_IDS)
    assert s["hamstrings"] == (
        "hamstrings: +12° since 1 March 2025 (Straight-leg raise, tighter side; better)"
    )
    assert s["glutes"] == (
        "glutes: +2.5 cm since 1 April 2025 (Figure-4 (FABER) knee height; worse)"
    )
    assert s["groin"] == "groin: no self-test recorded yet"


def test_single_result_summary():
    s = A.progress_summary(
        [{"test": "supine-abduction", "side": "both", "value": 35, "date": "2025-01-09"}]
    )
    assert s["groin"] == (
        "groin: 35° on 9 January 2025 (Lying leg slide to the side (hip "
        "abduction)); one result so far"
    )


# --------------------------------------------------------------------------- CLI
def test_cli_assessments_json(capsys):
    assert main(["assessments", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == len(A.load_tests().tests)
    for item in data:
        for key in ("id", "name", "group", "unit", "min", "max", "normal"):
            assert key in item
        assert item["group"] in GROUP_IDS and item["min"] < item["max"]
        assert {"low", "high", "text", "source", "status"} <= set(item["normal"])


def test_cli_assessments_text(capsys):
    assert main(["assessments"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^straight-leg-raise: Straight-leg raise \[hamstrings\]$", out, re.M)
    assert "the course's own guide" in out and "unverified" not in out


def test_toml_is_what_the_loader_reads():
    raw = tomllib.loads(A.TESTS_FILE.read_text(encoding="utf-8"))
    assert [t["id"] for t in raw["test"]] == list(A.load_tests().ids)
