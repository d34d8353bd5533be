"""Hostile and broken input, tested as a careless or malicious user would supply it.

What the models' own test files already cover is not repeated here: random valid and
invalid routine requests and pelvic incidence/tilt (test_routine.py, test_spine.py),
named damage to routine files and journals, killed and concurrent journal writers
(test_routine.py, test_journal.py). This file adds:

- property-based tests of the musculoskeletal API and of the spine functions that have
  only examples so far (forward bend, hip-flexor shortening);
- HTML and script in every piece of text a user types, in every handout and widget view
  that shows it; file names made from that text never leave their folder;
- randomly truncated, byte-damaged and hand-edited routine files and journals;
- a read-only folder, a folder that is really a file, and a full disk (a file-size limit)
  under saved routines, handouts and the journal: a clear ``ValueError``, nothing lost;
- lessons run top to bottom in a fresh kernel with no network.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hipcourse.content.catalog import POSE_RANGES_DEG, load_catalog
from hipcourse.kit.checks import InputError
from hipcourse.kit.files import MANIFEST
from hipcourse.models import journal as J
from hipcourse.models import routine as R
from hipcourse.models.restrictions import rules_out
from hipcourse.views import routine_html as X

ROOT = Path(__file__).resolve().parent.parent
CAT = load_catalog()
TODAY = dt.date(2025, 6, 1)
JOINTS = tuple(POSE_RANGES_DEG)

FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Text a hostile or careless user might type into a name, title, date or note.
PAYLOADS = (
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(2)</script>",
    "' onmouseover='alert(3)",
    "<!-- ",
    "]]>",
    "&amp; &lt;b&gt;",
    "<b>bold</b>",
    "<a href='javascript:alert(4)'>x</a>",
    "<style>body{display:none}</style>",
    "{{ 7*7 }}",
    "${x}",
    "\u202eevil",
    "Zoë & Ørjan",
)


def hostile_text(max_size: int = 60):
    plain = st.text(max_size=12)
    mixed = st.builds(lambda a, p, b: a + p + b, plain, st.sampled_from(PAYLOADS), plain)
    return st.one_of(st.sampled_from(PAYLOADS), mixed, st.text(max_size=max_size)).filter(
        lambda s: len(" ".join(s.split())) <= max_size
    )


class _Markup(HTMLParser):
    """Start tags (with attribute names) and the text of a page, as a browser parses it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted(k for k, _ in attrs))))

    def handle_data(self, data):
        self.text.append(data)


def markup(page: str) -> _Markup:
    m = _Markup()
    m.feed(page)
    m.close()
    return m


def assert_no_injected_markup(page: str, reference: str, typed: str) -> None:
    """``page`` (with user text) has exactly the tags of ``reference`` (with plain text),
    and the typed text shows as text."""
    got, want = markup(page), markup(reference)
    assert got.tags == want.tags, f"user text {typed!r} changed the page's markup"
    assert not any(a.startswith("on") for _, attrs in got.tags for a in attrs)
    shown = " ".join(typed.split())
    if shown:
        assert shown in " ".join("".join(got.text).split()), f"{typed!r} is not shown as text"


# =============================================================================== models
# ----------------------------------------------------------------- musculoskeletal API
def _angle(joint: str):
    lo, hi = POSE_RANGES_DEG[joint]
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


valid_pose = st.fixed_dictionaries({j: _angle(j) for j in JOINTS})


def _bad_angle(joint: str):
    lo, hi = POSE_RANGES_DEG[joint]
    return st.one_of(
        st.sampled_from([math.nan, math.inf, -math.inf, None, True, "", "ninety", "12°", [1]]),
        st.floats(hi, 1e12, exclude_min=True, allow_nan=False, allow_infinity=False),
        st.floats(-1e12, lo, exclude_max=True, allow_nan=False, allow_infinity=False),
    )


@pytest.fixture(scope="module")
def msk():
    pytest.importorskip("mujoco")
    from hipcourse.models import musculoskeletal

    musculoskeletal.muscle_names()  # load the model once, outside the examples
    return musculoskeletal


@FAST
@given(pose=valid_pose, form=st.sampled_from(["kwargs", "mapping", "list"]))
def test_random_valid_angles_give_finite_positive_lengths(msk, pose, form):
    if form == "kwargs":
        change = msk.length_change(**pose)
    elif form == "mapping":
        change = msk.length_change(pose)
    else:
        change = msk.length_change([pose[j] for j in JOINTS])
    assert len(change.rows) == len(msk.muscle_names())
    assert change.pose == pytest.approx(pose)
    for row in change.rows:
        assert math.isfinite(row.length_m) and row.length_m > 0, row.muscle
        assert math.isfinite(row.length_change_pct) and row.length_change_pct > -100, row.muscle
        assert math.isfinite(row.fibre_strain), row.muscle


@FAST
@given(data=st.data(), joint=st.sampled_from(JOINTS), pose=valid_pose)
def test_random_invalid_angles_raise_valueerror_naming_the_joint(msk, data, joint, pose):
    bad = data.draw(_bad_angle(joint), label="bad")
    pose = dict(pose, **{joint: bad})
    with pytest.raises(ValueError) as err:
        msk.length_change(**pose)
    assert joint in str(err.value)
    assert isinstance(err.value, InputError) and err.value.field == joint


@FAST
@given(
    data=st.data(), rows=st.lists(valid_pose, min_size=2, max_size=5), joint=st.sampled_from(JOINTS)
)
def test_a_bad_row_in_a_batch_is_named_by_row_and_joint(msk, data, rows, joint):
    i = data.draw(st.integers(0, len(rows) - 1), label="row")
    lo, hi = POSE_RANGES_DEG[joint]
    bad = data.draw(st.sampled_from([math.nan, math.inf, hi + 1.0, lo - 1.0]), label="bad")
    table = [[r[j] for j in JOINTS] for r in rows]
    table[i][JOINTS.index(joint)] = bad
    with pytest.raises(ValueError) as err:
        msk.musculotendon_lengths_m(table)
    assert joint in str(err.value) and f"poses[{i}]" in str(err.value)


# ------------------------------------------------- spine (what test_spine.py does not fuzz)
@FEW
@given(trunk=st.floats(0, 150), short=st.floats(0, 15), knee=st.floats(0, 60))
def test_random_forward_bends_split_the_trunk_angle(msk, trunk, short, knee):
    from hipcourse.models import spine

    b = spine.forward_bend(trunk, short, knee)
    assert b.pelvic_rotation_deg >= 0 and b.lumbar_flexion_deg >= 0
    assert b.pelvic_rotation_deg + b.lumbar_flexion_deg == pytest.approx(trunk, abs=1e-6)
    assert b.pelvic_rotation_deg <= b.hip_limit_deg + 1e-6
    assert 0.0 <= b.lumbar_share <= 1.0 + 1e-9


@FEW
@given(
    field=st.sampled_from(["trunk_flexion_deg", "hamstring_shortening_pct", "knee_flexion_deg"]),
    bad=st.sampled_from([math.nan, math.inf, -1.0, 1e6, "lots", None]),
)
def test_random_bad_forward_bends_name_the_field(field, bad):
    from hipcourse.models import spine

    with pytest.raises(ValueError, match=field):
        spine.forward_bend(**{field: bad})


@FEW
@given(frac=st.floats(0, 1), pi=st.floats(35, 75))
def test_random_hip_flexor_shortening_keeps_the_pelvic_identity(msk, frac, pi):
    from hipcourse.models import spine

    pct = frac * (spine.max_hip_flexor_shortening_pct() - 0.01)
    try:
        a = spine.spine_for_hip_flexor_shortening(pct, pi)
    except ValueError as exc:  # a derived tilt outside the model's range: must say so
        assert "pelvic tilt" in str(exc)
        return
    assert a.pelvic_incidence_deg == pytest.approx(a.pelvic_tilt_deg + a.sacral_slope_deg)
    assert a.anterior_tilt_deg == pytest.approx(
        spine.standing_tilt_from_hip_flexor_shortening(pct), abs=1e-6
    )
    assert a.lumbar_lordosis_deg >= spine.spine_for_person(pi).lumbar_lordosis_deg - 1e-6


# =============================================================================== user text in HTML
ROUTINE = R.build_routine(
    R.RoutineRequest(
        minutes=10, focus=("hamstrings", "low-back"), restrictions=("hip-replacement-posterior",)
    )
)
NO_FIGURES = Path(tempfile.mkdtemp(prefix="hipcourse-nofig-"))  # text cards: small pages
atexit.register(shutil.rmtree, NO_FIGURES, True)


@FAST
@given(name=hostile_text(X.NAME_MAX), date=hostile_text(X.DATE_MAX))
def test_routine_handout_escapes_name_and_date(name, date):
    page = X.handout_html(ROUTINE, name=name, date=date, figures_dir=NO_FIGURES)
    ref = X.handout_html(
        ROUTINE,
        name="N" if name.split() else "",
        date="D" if date.split() else "",
        figures_dir=NO_FIGURES,
    )
    assert_no_injected_markup(page, ref, name)
    assert_no_injected_markup(page, ref, date)


@FAST
@given(title=hostile_text(X.NAME_MAX))
def test_class_handout_escapes_its_title(title):
    assume(title.split())
    page = X.class_handout_html(ROUTINE, title=title, date="2025-03-04", figures_dir=NO_FIGURES)
    ref = X.class_handout_html(ROUTINE, title="T", date="2025-03-04", figures_dir=NO_FIGURES)
    assert_no_injected_markup(page, ref, title)


@pytest.mark.parametrize("class_handout", [False, True])
def test_cli_handouts_escape_user_text(tmp_path, class_handout):
    from hipcourse.cli import main

    name = PAYLOADS[1] + PAYLOADS[0]
    out, ref = tmp_path / "out.html", tmp_path / "ref.html"
    extra = ["--class-handout"] if class_handout else []
    for path, text in ((out, name), (ref, "N")):
        with contextlib.redirect_stdout(io.StringIO()):
            assert (
                main(
                    [
                        "routine",
                        "--minutes",
                        "10",
                        "--focus",
                        "hamstrings",
                        "--html",
                        str(path),
                        "--name",
                        text,
                        "--date",
                        "2025-03-04",
                        *extra,
                    ]
                )
                == 0
            )
    assert_no_injected_markup(
        out.read_text(encoding="utf-8"), ref.read_text(encoding="utf-8"), name
    )


@FEW
@given(name=hostile_text(X.NAME_MAX))
def test_names_make_files_that_stay_in_their_folder(name):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "out"
        path = X.export_handout(ROUTINE, folder, name=name, figures_dir=NO_FIGURES)
        assert path.resolve().parent == folder.resolve()
        assert path.suffix == ".html" and not path.name.startswith(".")
        assert [p.name for p in Path(tmp).iterdir()] == ["out"]
        assert sorted(p.name for p in folder.iterdir() if p.name != MANIFEST) == [path.name]
        json_path = X.output_path(folder, name, ".json", "my-routine")
        assert json_path.resolve().parent == folder.resolve()


def test_export_replaces_a_planted_symlink_never_its_target(tmp_path):
    """A link named like the handout must not let the export write outside its folder."""
    secret = tmp_path / "secret.txt"
    secret.write_text("do not touch")
    folder = tmp_path / "out"
    folder.mkdir()
    target = X.output_path(folder, "routine")
    target.symlink_to(secret)
    try:
        path = X.export_handout(ROUTINE, folder, figures_dir=NO_FIGURES)
    except ValueError as exc:  # refusing is as good as replacing the link
        assert "routine" in str(exc)
    else:
        assert path == target and not path.is_symlink()
    assert secret.read_text() == "do not touch"


def test_routine_builder_escapes_name_upload_name_and_messages(tmp_path):
    from hipcourse.views import widgets

    b = widgets.routine_builder(
        out_dir=tmp_path / "routines", figures_dir=NO_FIGURES, minutes=10, focus=("hamstrings",)
    )
    b.name.value = PAYLOADS[0] + PAYLOADS[1]
    b._files_action(b.export)
    [written] = [p for p in (tmp_path / "routines").iterdir() if p.name != MANIFEST]
    ref = X.handout_html(b.routine, name="N", figures_dir=NO_FIGURES)
    page = written.read_text(encoding="utf-8")
    assert_no_injected_markup(page, ref, b.name.value)
    assert [t for t, _ in markup(b.link.value).tags] == ["a"]
    assert [t for t, _ in markup(b.files_message.value).tags] == ["span"]
    # an uploaded file with a hostile name and broken content: the error names it, escaped
    bad_name = '<img src=x onerror="alert(5)">.json'
    b.upload.value = (
        {
            "name": bad_name,
            "type": "application/json",
            "size": 6,
            "content": memoryview(b"{trunc"),
            "last_modified": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        },
    )
    shown = markup(b.files_message.value)
    assert [t for t, _ in shown.tags] == ["span"]
    assert bad_name in "".join(shown.text)
    # a hostile file name for saving: the file lands in the folder, under a safe name
    before = set((tmp_path / "routines").iterdir())
    b.file.value = "../../" + PAYLOADS[0]
    b._files_action(b.save)
    [saved] = set((tmp_path / "routines").iterdir()) - before
    assert saved.suffix == ".json" and "Saved to" in b.files_message.value
    assert R.load_routine(saved) == b.routine
    assert sorted(p.name for p in tmp_path.iterdir()) == ["routines"]


def test_self_test_form_escapes_values_and_notes(tmp_path):
    from hipcourse.views import widgets

    path = tmp_path / "journal.sqlite3"
    form = widgets.self_test_form(path, today=TODAY)
    form.test.value = "straight-leg-raise"
    form.date.value = "2025-05-01"
    form.value.value = PAYLOADS[1]
    form.note.value = PAYLOADS[0]
    form._on_save()
    shown = markup(form.message.value)
    assert [t for t, _ in shown.tags] == ["span"], "the error message let markup through"
    assert PAYLOADS[1] in "".join(shown.text)
    if path.exists():
        with J.Journal(path, create=False, today=TODAY) as j:
            assert j.counts()["assessments"] == 0
    form.value.value = "70"
    form._on_save()
    assert [t for t, _ in markup(form.message.value).tags] == ["span"]
    for w in (form.summary, form.rungs, form.how):
        assert "<script" not in w.value.lower() and "onerror" not in w.value.lower()
    with J.Journal(path, create=False, today=TODAY) as j:
        [rec] = j.assessments()
        assert rec.note == PAYLOADS[0]  # stored as typed; escaping is the views' job


# =============================================================================== damaged files
def _routine_bytes() -> bytes:
    return ROUTINE.to_json().encode("utf-8")


@FAST
@given(
    cut=st.integers(0, len(_routine_bytes()) - 1),
    flips=st.lists(
        st.tuples(st.integers(0, len(_routine_bytes()) - 1), st.integers(0, 255)), max_size=4
    ),
)
def test_a_truncated_or_damaged_routine_file_is_reported_and_kept(cut, flips):
    data = bytearray(_routine_bytes())
    for i, byte in flips:
        data[i] = byte
    data = bytes(data[:cut]) if not flips or cut % 2 else bytes(data)
    assume(data != _routine_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mine.json"
        path.write_bytes(data)
        try:
            loaded = R.load_routine(path)
        except R.RoutineFileError as exc:
            assert str(path) in str(exc)
            with pytest.raises(R.RoutineFileError, match="left untouched"):
                R.save_routine(ROUTINE, path)
        else:  # damage that still parses (e.g. inside a reason text) must still be a routine
            assert loaded.total_s <= loaded.budget_s
        assert path.read_bytes() == data or R.load_routine(path) == ROUTINE
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["mine.json"]


def _leaves(obj, prefix=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, prefix + (k,))
    elif isinstance(obj, list) and obj:
        for i, v in enumerate(obj):
            yield from _leaves(v, prefix + (i,))
    else:
        yield prefix


def _set(obj, path, value):
    for k in path[:-1]:
        obj = obj[k]
    obj[path[-1]] = value


EDITS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from([r.id for r in CAT.restrictions]),
    st.sampled_from([s.id for s in CAT.stretches]),
    st.sampled_from(["no-floor", "no-kneeling", "chair-only", "floor", "chair"]),
    st.lists(st.sampled_from([r.id for r in CAT.restrictions]), max_size=2),
)


def _ruled_out(step, request) -> str | None:
    s = CAT.stretch(step.stretch_id)
    why = rules_out(
        s, [CAT.restriction(rid) for rid in request.restrictions], step.side, request.operated_side
    )
    if why:
        return why
    if s.position not in request.positions or any(
        s.position in R.LIMITS[lim] for lim in request.limits
    ):
        return f"position {s.position} (positions {request.positions}, limits {request.limits})"
    if any(e != "none" and e not in request.equipment for e in s.equipment):
        return "equipment"
    return None


@FAST
@given(data=st.data())
def test_a_hand_edited_routine_file_loads_only_if_it_is_still_true(data):
    """One value changed by hand: the loader refuses it, or what it loads is a routine
    that keeps its own request's rules (no step its restrictions or limits rule out)."""
    base = json.loads(ROUTINE.to_json())
    leaf = data.draw(st.sampled_from(list(_leaves(base))), label="leaf")
    value = data.draw(EDITS, label="value")
    _set(base, leaf, value)
    text = json.dumps(base)
    try:
        loaded = R.routine_from_json(text, source="edited.json")
    except R.RoutineFileError as exc:
        assert "edited.json" in str(exc)
        return
    except ValueError as exc:  # still a clear refusal, but not the file error type
        pytest.fail(
            f"a hand edit of {leaf} to {value!r} gave {type(exc).__name__}, not "
            f"RoutineFileError: {exc}"
        )
    assert loaded.total_s <= loaded.budget_s
    for step in loaded.steps:
        why = _ruled_out(step, loaded.request)
        assert why is None, (
            f"editing {'.'.join(map(str, leaf))} to {value!r} loaded a routine "
            f"whose step {step.stretch_id} its own request rules out: {why}"
        )


def _small_journal(folder: Path) -> Path:
    path = folder / "journal.sqlite3"
    with J.Journal(path, today=TODAY) as j:
        for k in range(12):
            j.add_assessment(
                "straight-leg-raise",
                "left",
                50 + k,
                date="2025-01-01",
                note=f"note {k} " + "x" * 80,
            )
        j.add_session(J.demo_routine(), "1", felt=5, notes="first session", date="2025-01-02")
    return path


JOURNAL_BYTES = None


def _journal_bytes() -> bytes:
    global JOURNAL_BYTES
    if JOURNAL_BYTES is None:
        with tempfile.TemporaryDirectory() as tmp:
            JOURNAL_BYTES = _small_journal(Path(tmp)).read_bytes()
    return JOURNAL_BYTES


@FAST
@given(data=st.data())
def test_a_truncated_or_damaged_journal_is_refused_untouched(data):
    good = _journal_bytes()
    size = len(good)
    damage = bytearray(good)
    if data.draw(st.booleans(), label="truncate"):
        damage = damage[: data.draw(st.integers(0, size - 1), label="cut")]
    for _ in range(data.draw(st.integers(0 if len(damage) < size else 1, 6), label="n")):
        if not damage:
            break
        i = data.draw(st.integers(0, len(damage) - 1), label="at")
        damage[i] = data.draw(st.integers(0, 255), label="byte")
    damage = bytes(damage)
    assume(damage != good)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "journal.sqlite3"
        path.write_bytes(damage)
        _open_and_read_or_refuse(path)


def _open_and_read_or_refuse(path: Path) -> None:
    """Open a (damaged) journal, read every record and summarise them as `hipcourse
    progress` does: that works, or it raises a ValueError (JournalError) naming the file,
    which is left as it was. An error that names only a field reads, in the CLI, as if the
    user had typed a bad value."""
    before = path.read_bytes()
    try:
        with J.Journal(path, create=False, today=TODAY) as j:
            J.progress(j.assessments(), j.sessions())
    except Exception as exc:
        if not (isinstance(exc, ValueError) and path.name in str(exc)):
            pytest.fail(
                f"a damaged journal gave {type(exc).__name__}: {exc} (expected a "
                f"JournalError naming {path.name})"
            )
        assert path.read_bytes() == before, "a refused journal was changed"


#: Edits a curious user might make with the sqlite3 shell.
SQL_EDITS = (
    "UPDATE assessments SET date = '2025-13-45' WHERE id = 1",
    "UPDATE assessments SET value = 'seventy' WHERE id = 2",
    "UPDATE assessments SET test = 'toe-touch' WHERE id = 3",
    "UPDATE sessions SET routine = '{broken' WHERE id = 1",
    "UPDATE sessions SET done = 'all of them' WHERE id = 1",
    "UPDATE sessions SET felt_steps = '[' WHERE id = 1",
    "UPDATE assessments SET uid = CAST(x'ff00fe' AS TEXT) WHERE id = 4",
)


def test_a_journal_edited_by_hand_with_sqlite_is_read_or_refused(tmp_path):
    import sqlite3

    problems = []
    for k, edit in enumerate(SQL_EDITS):
        path = _small_journal(tmp_path / str(k))
        c = sqlite3.connect(path)
        c.execute(edit)
        c.commit()
        c.close()
        try:
            _open_and_read_or_refuse(path)
        except pytest.fail.Exception as exc:
            problems.append(f"{edit}: {str(exc).splitlines()[0]}")
    assert not problems, "\n".join(["hand-edited journals not read or clearly refused:"] + problems)


def test_a_routine_file_edited_to_add_a_restriction_is_refused_or_obeyed():
    """A learner adds a restriction or a limit to a saved routine by hand: loading must not
    give a routine that contains stretches that restriction or limit rules out."""
    base = R.build_routine(R.RoutineRequest(minutes=20, focus=("hamstrings", "groin", "glutes")))
    problems = []
    edits = [("restrictions", [r.id]) for r in CAT.restrictions]
    edits += [("limits", [lim]) for lim in sorted(R.LIMITS)]
    for field, value in edits:
        data = json.loads(base.to_json())
        data["request"][field] = value
        try:
            loaded = R.routine_from_json(json.dumps(data), source="edited.json")
        except R.RoutineFileError:
            continue
        bad = [(s.stretch_id, why) for s in loaded.steps if (why := _ruled_out(s, loaded.request))]
        if bad:
            problems.append(f"{field} = {value}: loads with {bad}")
    assert not problems, "\n".join(
        ["hand-edited routines load with stretches they rule out:"] + problems
    )


# =============================================================================== unwritable places
from conftest import read_only_folder  # noqa: E402  (shared with test_journal.py)


def test_routines_and_handouts_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    mine, damaged = folder / "mine.json", folder / "damaged.json"
    R.save_routine(ROUTINE, mine)
    damaged.write_text(ROUTINE.to_json()[:40], encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    other = R.build_routine(R.RoutineRequest(minutes=5, session="desk-break"))
    with read_only_folder(folder):
        assert R.load_routine(mine) == ROUTINE  # reading still works
        for path, kw in ((folder / "new.json", {}), (mine, {}), (damaged, {"overwrite": True})):
            with pytest.raises(R.RoutineFileError) as err:
                R.save_routine(other, path, **kw)
            assert str(path) in str(err.value)
        with pytest.raises(ValueError) as err:
            X.export_handout(other, folder, name="Sam", figures_dir=NO_FIGURES)
        assert str(folder) in str(err.value)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_journal_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = _small_journal(folder)
    before = path.read_bytes()
    with read_only_folder(folder):
        with pytest.raises(J.JournalError) as err:
            with J.Journal(path, today=TODAY) as j:
                j.add_assessment("straight-leg-raise", "left", 70, date="2025-05-01")
        msg = str(err.value)
        assert str(path) in msg
        assert "damaged" not in msg, (
            f"an intact journal in a read-only folder is called damaged: {msg}"
        )
        with pytest.raises(J.JournalError, match="cannot create"):
            J.Journal(folder / "new.sqlite3")
        assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["journal.sqlite3"]
    with J.Journal(path, create=False, today=TODAY) as j:
        assert j.counts() == {"assessments": 12, "sessions": 1}


def test_a_folder_that_is_really_a_file_gives_clear_errors(tmp_path):
    """Works as root too (unlike chmod): every writer names the place and raises ValueError."""
    from hipcourse.views import widgets

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(R.RoutineFileError):
        R.save_routine(ROUTINE, blocker / "mine.json")
    with pytest.raises(ValueError) as err:
        X.write_handout(ROUTINE, blocker / "handout.html", figures_dir=NO_FIGURES)
    assert "handout.html" in str(err.value)
    with pytest.raises(ValueError):
        X.export_handout(ROUTINE, blocker / "sub", figures_dir=NO_FIGURES)
    with pytest.raises(J.JournalError, match="cannot create"):
        J.Journal(blocker / "journal.sqlite3")
    # the widget shows the problem in its message box, never a traceback
    b = widgets.routine_builder(out_dir=blocker / "routines", figures_dir=NO_FIGURES, minutes=5)
    for action in (b.export, b.save):
        b._files_action(action)
        assert "a-file" in b.files_message.value and "#D55E00" in b.files_message.value
    assert blocker.read_text() == "x"


def test_cli_handout_into_an_unwritable_place_is_one_line_exit_2(tmp_path, capsys):
    from hipcourse.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["routine", "--minutes", "5", "--html", str(blocker / "x.html")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "x.html" in err


FULL_DISK = textwrap.dedent("""
    import json, resource, signal, sys
    from pathlib import Path
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)    # a write past the limit fails with EFBIG
    from hipcourse.models import journal as J
    from hipcourse.models import routine as R
    folder = Path(sys.argv[1])
    small = R.build_routine(R.RoutineRequest(minutes=5, session="desk-break"))
    other = R.build_routine(R.RoutineRequest(minutes=60))
    R.save_routine(small, folder / "mine.json")
    j = J.Journal(folder / "journal.sqlite3")
    limit = (folder / "journal.sqlite3").stat().st_size + 16384
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    out = {"saved": 0}
    try:
        while out["saved"] < 2000:
            j.add_assessment("straight-leg-raise", "left", 60, date="2025-01-01", note="x" * 500)
            out["saved"] += 1
    except Exception as exc:
        out["journal_error"] = [type(exc).__name__, isinstance(exc, ValueError), str(exc)]
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))  # smaller than any routine file
    try:
        R.save_routine(other, folder / "mine.json")
    except Exception as exc:
        out["routine_error"] = [type(exc).__name__, isinstance(exc, ValueError), str(exc)]
    print(json.dumps(out))
""")


def test_a_full_disk_loses_nothing_and_says_so(tmp_path):
    """A per-process file-size limit stands in for a full disk (writes fail with EFBIG)."""
    out = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert 0 < result["saved"] < 2000, "the size limit never stopped the journal"
    with J.Journal(tmp_path / "journal.sqlite3", create=False, today=TODAY) as j:
        assert j.counts()["assessments"] == result["saved"]  # every acknowledged record is kept
    small = R.build_routine(R.RoutineRequest(minutes=5, session="desk-break"))
    assert R.load_routine(tmp_path / "mine.json") == small  # the old routine file is intact
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    name, is_value_error, message = result["routine_error"]
    assert is_value_error and "mine.json" in message, result["routine_error"]
    name, is_value_error, message = result["journal_error"]
    assert is_value_error and "journal.sqlite3" in message, (
        f"a full disk while writing the journal raised {name}: {message!r}, not a ValueError "
        f"naming the journal"
    )


# =============================================================================== no network
#: Lessons run offline by default: one with the musculoskeletal model (compiled from an
#: empty cache), the spine lesson and the journal lesson. HIPCOURSE_OFFLINE_NOTEBOOKS=all
#: runs every lesson (nbval already runs them all, with the network).
OFFLINE_DEFAULT = ("02_pelvic_tilt_and_spine", "03_hamstrings", "09_track_progress")

GUARD = textwrap.dedent("""
    # Loaded by every Python process of the offline test (kernels too): logs and blocks
    # any connection or name lookup that would leave this machine.
    import os, socket, sys

    _LOG = os.environ["HIPCOURSE_NET_LOG"]
    _LOCAL = ("127.", "::1", "localhost", "0.0.0.0")
    _DEAD_PROXY_PORT = 9  # http(s)_proxy points here: a connection to it is a web request

    def _note(what):
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {' '.join(sys.argv[:2])}: {what}\\n")

    def _hook(event, args):
        if event == "socket.connect":
            sock, address = args
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                host, port = str(address[0]), address[1]
                if not host.startswith(_LOCAL) or port == _DEAD_PROXY_PORT:
                    _note(f"connect {address!r}")
                    raise OSError(101, "network blocked by the hipcourse offline test")
        elif event == "socket.getaddrinfo":
            host = args[0]
            if isinstance(host, bytes):
                host = host.decode(errors="replace")
            if host and not str(host).startswith(_LOCAL):
                _note(f"lookup {host!r}")
                raise OSError(-3, "name lookup blocked by the hipcourse offline test")

    sys.addaudithook(_hook)
""")

RUNNER = textwrap.dedent("""
    import fcntl, json, socket, struct, sys, time
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    def loopback_up():
        # a fresh network namespace has only `lo`, and it is down
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        req = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(s, 0x8913, req))[1]
        fcntl.ioctl(s, 0x8914, struct.pack("16sh", b"lo", flags | 1))
        s.close()

    if sys.argv[1] == "netns":
        loopback_up()
    import nbformat
    from nbclient import NotebookClient

    folder = Path(sys.argv[2])

    def run(name):
        t = time.monotonic()
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        try:
            NotebookClient(nb, timeout=300, kernel_name="python3",
                           resources={"metadata": {"path": str(folder)}}).execute()
        except Exception as exc:
            return name, f"{type(exc).__name__}: {str(exc)[-1500:]}", time.monotonic() - t
        return name, "", time.monotonic() - t

    with ThreadPoolExecutor(2) as pool:
        print(json.dumps(list(pool.map(run, sys.argv[3:]))))
""")


def _netns_works() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    try:
        return (
            subprocess.run([unshare, "--net", "true"], capture_output=True, timeout=10).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


def _offline_lessons() -> list[str]:
    every = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if os.environ.get("HIPCOURSE_OFFLINE_NOTEBOOKS", "").strip().lower() == "all":
        return every
    chosen = [n for n in OFFLINE_DEFAULT if n in every]
    return chosen or every[:1]


@pytest.mark.slow
def test_lessons_run_top_to_bottom_in_a_fresh_kernel_without_network(tmp_path):
    lessons = _offline_lessons()
    if not lessons:
        pytest.skip("no lesson notebooks yet")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in lessons:  # a copy: the lessons' own folder is never written
        shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", folder)
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    (tmp_path / "runner.py").write_text(RUNNER, encoding="utf-8")
    log = tmp_path / "network.log"
    log.touch()
    dead_proxy = "http://127.0.0.1:9"
    pythonpath = os.pathsep.join(filter(None, [str(guard), os.environ.get("PYTHONPATH")]))
    env = dict(
        os.environ,
        PYTHONPATH=pythonpath,
        HIPCOURSE_NET_LOG=str(log),
        HIPCOURSE_DATA_DIR=str(tmp_path / "data"),
        HIPCOURSE_CACHE_DIR=str(tmp_path / "cache"),
        MPLCONFIGDIR=str(tmp_path / "mpl"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        MPLBACKEND="Agg",
        http_proxy=dead_proxy,
        https_proxy=dead_proxy,
        HTTP_PROXY=dead_proxy,
        HTTPS_PROXY=dead_proxy,
        no_proxy="",
        NO_PROXY="",
        PIP_NO_INDEX="1",
    )
    isolated = _netns_works()
    cmd = ([shutil.which("unshare"), "--net"] if isolated else []) + [
        sys.executable,
        str(tmp_path / "runner.py"),
        "netns" if isolated else "host",
        str(folder),
        *lessons,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    results = json.loads(out.stdout.strip().splitlines()[-1])
    assert [name for name, _, _ in results] == lessons
    failed = {name: error for name, error, _ in results if error}
    how = "network namespace" if isolated else "guard only"
    assert not failed, f"lessons failed offline ({how}): {failed}"
    attempts = log.read_text(encoding="utf-8")
    assert attempts == "", f"lessons tried to reach the network:\n{attempts}"
    created = sorted(p.name for p in folder.iterdir() if p.suffix != ".ipynb")
    assert not [n for n in created if not n.startswith(".")], (
        f"lessons wrote into their folder: {created}"
    )
