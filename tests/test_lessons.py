"""The muscle-group lessons (03-07) and the rendering helpers they share.

* Each lesson's saved ladder output lists exactly the catalog stretches of its group, in
  rung order (so a stretch added to ``stretches.toml`` fails here until the lesson is
  re-executed).
* Every ``<img>`` in a lesson's saved HTML has alt text and a data URI that decodes to a
  PNG; every figure a lesson refers to exists.
* ``lesson.stretch_card`` / ``lesson.ladder``: escaping, order, errors (with a stand-in
  figure folder and a stand-in model, so these unit tests are fast and need no MuJoCo).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hipcourse.content.catalog import GROUP_IDS, Catalog, load_catalog
from hipcourse.kit.checks import InputError
from hipcourse.views import (
    lesson,
    stretch_cards,  # the cards' code (lesson re-exports it)
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"

#: Lesson file stem -> the group its ladder shows.
GROUP_LESSONS = {
    "03_hamstrings": "hamstrings",
    "04_quadriceps": "quadriceps",
    "05_glutes": "glutes",
    "06_hip_flexors": "hip-flexors",
    "07_groin": "groin",
}
LESSONS = [
    NOTEBOOKS_DIR / f"{stem}.ipynb"
    for stem in GROUP_LESSONS
    if (NOTEBOOKS_DIR / f"{stem}.ipynb").exists()
]
LESSON_IDS = [p.stem for p in LESSONS]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
RUNG_LINE = re.compile(r"^Rung (\d+) of (\d+): (.+) \[([a-z0-9-]+)\]$")


# ------------------------------------------------------------------ helpers
def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell) -> str:
    return "".join(cell["source"])


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def _html_images(nb) -> list[tuple[int, dict]]:
    found = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            page = out.get("data", {}).get("text/html")
            if page:
                parser = _Images()
                parser.feed(_text(page))
                found.extend((i, img) for img in parser.images)
    return found


def _ladder_cells(nb) -> list[tuple[str, str]]:
    """``(group argument, saved text/plain)`` of every ``lesson.ladder(...)`` cell."""
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        m = re.search(r"lesson\.ladder\(\s*[\"']([a-z-]+)[\"']", _src(cell))
        if not m:
            continue
        texts = [
            _text(o["data"]["text/plain"])
            for o in cell.get("outputs", [])
            if "text/plain" in o.get("data", {})
        ]
        cells.append((m.group(1), "\n".join(texts)))
    return cells


def _parse_rungs(text: str) -> list[tuple[int, int, str, str]]:
    rows = []
    for line in text.strip().strip("'\"").splitlines():
        m = RUNG_LINE.match(line.strip())
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)))
    return rows


# ------------------------------------------------------------------ the lessons
def test_group_lessons_exist():
    have = {p.stem for p in LESSONS}
    assert {"03_hamstrings", "04_quadriceps", "06_hip_flexors"} <= have, sorted(have)


@pytest.mark.parametrize("path", LESSONS, ids=LESSON_IDS)
def test_saved_ladder_matches_catalog(path):
    group = GROUP_LESSONS[path.stem]
    cells = _ladder_cells(_load(path))
    assert cells, f"{path.name}: no lesson.ladder(...) cell"
    cat = load_catalog()
    want = [(s.level, len(cat.ladder(group)), s.name, s.id) for s in cat.ladder(group)]
    for arg, text in cells:
        assert arg == group, f"{path.name}: shows the ladder of {arg!r}, not {group!r}"
        got = _parse_rungs(text)
        assert got == want, (
            f"{path.name}: the saved ladder {[g[3] for g in got]} differs "
            f"from the catalog {[w[3] for w in want]}; re-execute the lesson"
        )


@pytest.mark.parametrize("path", LESSONS, ids=LESSON_IDS)
def test_html_images_have_alt_and_decode(path):
    images = _html_images(_load(path))
    group = GROUP_LESSONS[path.stem]
    assert len(images) >= len(load_catalog().ladder(group)), (
        f"{path.name}: expected a pose figure per rung, found {len(images)} images"
    )
    for i, img in images:
        alt = (img.get("alt") or "").strip()
        assert len(alt) >= 20, f"{path.name}: cell {i} has an <img> without real alt text"
        src = img.get("src") or ""
        head, _, payload = src.partition(",")
        assert head == "data:image/png;base64", f"{path.name}: cell {i} <img> src {head[:40]!r}"
        try:
            data = base64.b64decode(payload, validate=True)
        except binascii.Error as exc:
            pytest.fail(f"{path.name}: cell {i} data URI does not decode: {exc}")
        assert data.startswith(PNG_MAGIC) and len(data) > 100, f"{path.name}: cell {i} not a PNG"


@pytest.mark.parametrize("path", LESSONS, ids=LESSON_IDS)
def test_pose_figures_shown_exist_with_matching_alt(path):
    """The figure files behind the cards exist and the saved alt texts are theirs."""
    group = GROUP_LESSONS[path.stem]
    alts = {img.get("alt", "").strip() for _, img in _html_images(_load(path))}
    for s in load_catalog().ladder(group):
        png, alt = FIGURES_DIR / "stretches" / f"{s.id}.png", None
        assert png.is_file(), f"{png} is missing: run `hipcourse figures`"
        alt = png.with_suffix(".alt.txt").read_text(encoding="utf-8").strip()
        assert alt, f"{png.with_suffix('.alt.txt')} is empty"
        assert alt in alts, f"{path.name}: the card of {s.id} does not carry its figure's alt text"


@pytest.mark.parametrize("path", LESSONS, ids=LESSON_IDS)
def test_figures_referenced_in_text_exist(path):
    """Markdown images (``![alt](file)``) point at files that exist and carry alt text."""
    nb = _load(path)
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for alt, target in re.findall(r"!\[([^\]]*)\]\(([^)\s]+)", _src(cell)):
            assert alt.strip(), f"{path.name}: markdown image {target} has no alt text"
            if not target.startswith(("http:", "https:", "data:", "attachment:")):
                assert (path.parent / target).resolve().is_file(), f"{path.name}: {target} missing"


@pytest.mark.parametrize("path", LESSONS, ids=LESSON_IDS)
def test_lesson_links_to_existing_lessons(path):
    """Links to other lessons (``NN_topic.ipynb``) name lessons that exist or are planned."""
    nb = _load(path)
    text = "\n".join(_src(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    for target in re.findall(r"\]\((\d\d_[a-z0-9_]+)\.ipynb\)", text):
        assert re.fullmatch(r"\d\d_[a-z0-9_]+", target)
        md = NOTEBOOKS_DIR / "md" / f"{target}.md"
        ipynb = NOTEBOOKS_DIR / f"{target}.ipynb"
        planned = target in {"02_pelvic_tilt_and_spine"} | set(GROUP_LESSONS)
        assert md.exists() or ipynb.exists() or planned, f"{path.name} links to {target}"


# ------------------------------------------------------------------ rendering helpers
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5b0000000049454e44ae426082"
)


@pytest.fixture
def fake_figures(tmp_path, monkeypatch):
    """A figure folder with a tiny PNG and a hostile alt text per stretch, and a stand-in
    model (the real one needs MuJoCo and is tested with the musculoskeletal module)."""
    folder = tmp_path / "figures"
    (folder / "stretches").mkdir(parents=True)
    for s in load_catalog().stretches:
        (folder / "stretches" / f"{s.id}.png").write_bytes(TINY_PNG)
        (folder / "stretches" / f"{s.id}.alt.txt").write_text(
            f'Drawing of {s.name} <b>bold</b> & "quoted"\n', encoding="utf-8"
        )
    calls = []

    def fake_top(stretch_id, n):
        calls.append((stretch_id, n))
        rows = [("Muscle <one>", 0.456, 12.345), ("Muscle & two", 0.1, -1.0)][:n]
        return "FakeModel <v1>", rows, "It works <the> hamstrings most."

    monkeypatch.setattr(stretch_cards, "_model_top", fake_top)
    return folder, calls


def test_card_text_is_short_and_stable(fake_figures):
    folder, _ = fake_figures
    card = lesson.stretch_card("hamstring-chair-hinge", figures_dir=folder)
    assert repr(card) == "Rung 2 of 5: Seated hamstring stretch on a chair [hamstring-chair-hinge]"


def test_card_shows_every_field(fake_figures):
    folder, calls = fake_figures
    s = load_catalog().stretch("glute-standing-side-bend")
    page = lesson.stretch_card(s.id, figures_dir=folder)._repr_html_()
    import html as html_mod

    for text in (
        *s.setup,
        *s.cues,
        *s.mistakes,
        s.feel,
        *s.cautions,
        s.notes,
        s.easier,
        s.harder,
        s.breathing,
        *s.come_out,
    ):
        assert html_mod.escape(text) in page, text
    assert f"{s.intensity[0]}–{s.intensity[1]} out of 10: mild tension, never pain" in page
    assert f"Rung {s.level} of 5" in page
    assert "position: standing" in page and "equipment: wall" in page
    assert f"hold {s.hold_s} s × {s.reps} reps, each side" in page
    # a whole-body rule of the posterior-approach precautions rules this stretch out
    assert (
        "Hip replacement, posterior approach: brings the leg past the midline (the "
        "affected leg, if it is the one being stretched)"
    ) in page
    assert "What the model says" in page and "Muscle &lt;one&gt; 0.46 (+12 %)" in page
    assert calls == [(s.id, 3)]
    assert "break-inside:avoid" in page


def test_card_escapes_all_text(fake_figures, monkeypatch):
    folder, _ = fake_figures
    cat = load_catalog()
    evil = "<script>alert('x')</script> & co"
    s = dataclasses.replace(
        cat.stretch("quad-side-lying"),
        name=evil,
        feel=evil,
        setup=(evil,),
        cues=(evil,),
        mistakes=(evil,),
        cautions=(evil,),
        notes=evil,
        easier=evil,
        harder=evil,
        breathing=evil,
        come_out=(evil,),
    )
    stretches = tuple(s if x.id == s.id else x for x in cat.stretches)
    fake = Catalog(
        groups=cat.groups,
        muscles=cat.muscles,
        stretches=stretches,
        aches=cat.aches,
        restrictions=cat.restrictions,
    )
    monkeypatch.setattr(stretch_cards, "load_catalog", lambda: fake)
    block = lesson.stretch_card(s.id, figures_dir=folder)
    page = block._repr_html_()
    assert "<script>" not in page and "<b>bold</b>" not in page and "<one>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
    assert 'alt="Drawing of' in page and "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;" in page
    assert "Muscle &amp; two" in page and "FakeModel &lt;v1&gt;" in page
    assert "It works &lt;the&gt; hamstrings most." in page
    # the plain-text form is for humans and nbval, not HTML: it keeps the name as typed
    assert repr(block) == f"Rung 2 of 5: {evil} [quad-side-lying]"


def test_card_embeds_the_figure_as_a_data_uri(fake_figures):
    folder, _ = fake_figures
    page = lesson.stretch_card("groin-frog", figures_dir=folder)._repr_html_()
    parser = _Images()
    parser.feed(page)
    assert len(parser.images) == 1
    src = parser.images[0]["src"]
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1], validate=True) == TINY_PNG


@pytest.mark.parametrize("group", GROUP_IDS)
def test_ladder_lists_the_catalog_in_rung_order(fake_figures, group):
    folder, _ = fake_figures
    block = lesson.ladder(group, figures_dir=folder)
    want = [s.id for s in load_catalog().ladder(group)]
    assert [r[3] for r in _parse_rungs(repr(block))] == want
    assert [r[0] for r in _parse_rungs(repr(block))] == list(range(1, len(want) + 1))
    page = block._repr_html_()
    positions = [page.index(f"[{i}]") for i in want]
    assert positions == sorted(positions), "cards are not in rung order"
    assert page.count('class="hipcourse-card"') == len(want)
    assert "How to choose your rung" in page
    assert page.index("How to choose your rung") < positions[0]


def test_ladder_follows_a_reordered_catalog(fake_figures, monkeypatch):
    """The order comes from the catalog's levels, not from the file order."""
    folder, _ = fake_figures
    cat = load_catalog()
    swapped = {"hamstring-supine-strap": 2, "hamstring-chair-hinge": 1}
    stretches = tuple(
        dataclasses.replace(s, level=swapped.get(s.id, s.level)) for s in reversed(cat.stretches)
    )
    fake = Catalog(
        groups=cat.groups,
        muscles=cat.muscles,
        stretches=stretches,
        aches=cat.aches,
        restrictions=cat.restrictions,
    )
    monkeypatch.setattr(stretch_cards, "load_catalog", lambda: fake)
    ids = [r[3] for r in _parse_rungs(repr(lesson.ladder("hamstrings", figures_dir=folder)))]
    assert ids[:2] == ["hamstring-chair-hinge", "hamstring-supine-strap"]


@pytest.mark.parametrize("bad", ["nope", "", None, 3, "Hamstring-Chair-Hinge"])
def test_unknown_stretch_id_is_a_clear_error(fake_figures, bad):
    folder, _ = fake_figures
    with pytest.raises(
        InputError,
        match=r"stretch_id = .* is not allowed; expected one of "
        r"hamstring-supine-strap",
    ):
        lesson.stretch_card(bad, figures_dir=folder)


@pytest.mark.parametrize("bad", ["hamstring", "Groin", "", None])
def test_unknown_group_is_a_clear_error(fake_figures, bad):
    folder, _ = fake_figures
    with pytest.raises(InputError, match=r"group = .* expected one of hamstrings, quadriceps"):
        lesson.ladder(bad, figures_dir=folder)


@pytest.mark.parametrize("bad", [0, 11, "three", 2.5])
def test_bad_top_n_is_a_clear_error(fake_figures, bad):
    folder, _ = fake_figures
    with pytest.raises(InputError, match="top_n"):
        lesson.stretch_card("groin-frog", figures_dir=folder, top_n=bad)


@pytest.mark.parametrize("missing", [".png", ".alt.txt"])
def test_missing_figure_is_an_error_not_a_silent_gap(fake_figures, missing):
    folder, _ = fake_figures
    (folder / "stretches" / f"groin-frog{missing}").unlink()
    with pytest.raises(FileNotFoundError, match=r"groin-frog.*hipcourse figures"):
        lesson.stretch_card("groin-frog", figures_dir=folder)


def test_empty_alt_text_is_an_error(fake_figures):
    folder, _ = fake_figures
    (folder / "stretches" / "groin-frog.alt.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="empty"):
        lesson.stretch_card("groin-frog", figures_dir=folder)


# ------------------------------------------------------------------ self-test cards
def test_self_test_card_renders_the_data_escaped():
    from hipcourse.models.assessment import load_tests

    t = load_tests().test("thomas-picture")
    block = lesson.self_test("thomas-picture")
    page = block._repr_html_()
    assert repr(block) == (
        "Self-test: Modified Thomas test: which picture matches you? [thomas-picture]"
    )
    import html as html_mod

    for text in (
        *t.steps,
        *t.choices,
        t.record,
        t.normal.text,
        t.normal.source,
        t.reliability.text,
        t.rule.note,
        *t.cautions,
    ):
        assert html_mod.escape(text) in page, text
    assert "break-inside:avoid" in page


def test_self_test_card_says_how_well_a_norm_is_supported():
    page = lesson.self_test("prone-heel-to-buttock")._repr_html_()
    assert "the course&#x27;s own guide: there is no published norm" in page
    slr = lesson.self_test("straight-leg-raise")._repr_html_()
    assert "one study&#x27;s figures, not an accepted norm" in slr
    ake = lesson.self_test("active-knee-extension")._repr_html_()
    assert "published cut-off" in ake and "not an accepted norm" not in ake


def test_unknown_self_test_is_a_clear_error():
    with pytest.raises(InputError, match="test = 'slr' is not allowed; expected one of"):
        lesson.self_test("slr")


# ------------------------------------------------------------------ part 1 exercise checks
from hipcourse.views import exercises  # noqa: E402


@pytest.mark.parametrize(
    "test_id, value, truth",
    [
        ("straight-leg-raise", 72, "tight"),
        ("straight-leg-raise", 80, "normal"),  # the cut-off itself is normal (>= 80)
        ("thomas-knee-angle", 40, "tight"),
        ("thomas-knee-angle", 52.5, "normal"),
        ("thomas-thigh-angle", 6, "tight"),
        ("thomas-thigh-angle", -3, "normal"),
        ("active-knee-extension", 25, "tight"),
        ("active-knee-extension", 20, "normal"),  # the usual cut-off itself
        ("supine-abduction", 60, "normal"),  # beyond the flexible end is not tight
    ],
)
def test_check_self_test(test_id, value, truth):
    other = "normal" if truth == "tight" else "tight"
    right = exercises.check_self_test(test_id, value, truth)
    wrong = exercises.check_self_test(test_id, value, other)
    assert right.correct and not wrong.correct
    assert "rule of thumb" in right.message and "Source:" in right.message


def test_check_self_test_flags_a_norm_without_a_source():
    fb = exercises.check_self_test("prone-heel-to-buttock", 12, "tight")
    assert fb.correct and "no published norm" in fb.message


@pytest.mark.parametrize(
    "args, field",
    [
        (("straight-leg-raise", 72, "short"), "answer"),
        (("straight-leg-raise", 400, "tight"), "value"),
        (("slr", 72, "tight"), "test"),
    ],
)
def test_check_self_test_bad_input(args, field):
    with pytest.raises(InputError, match=field):
        exercises.check_self_test(*args)


def test_check_pose_change_knee_bend_in_a_hamstring_stretch():
    truth = {
        "semimembranosus": "shorter",
        "biceps-femoris-short-head": "shorter",
        "gluteus-maximus": "same",
    }
    fb = exercises.check_pose_change("hamstring-supine-strap", truth, knee_flexion_deg=45)
    assert fb.correct, fb.message
    wrong = dict(truth, **{"gluteus-maximus": "longer"})
    fb = exercises.check_pose_change("hamstring-supine-strap", wrong, knee_flexion_deg=45)
    assert not fb.correct and fb.message.startswith("Look again at Gluteus maximus.")


def test_check_pose_change_hip_flexor_knee_switch():
    truth = {"rectus-femoris": "shorter", "iliacus": "same", "sartorius": "longer"}
    assert exercises.check_pose_change("hip-flexor-half-kneeling", truth, knee_flexion_deg=0)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(stretch_id="nope", answer={"iliacus": "same"}, knee_flexion_deg=0), "stretch_id"),
        (dict(stretch_id="quad-couch", answer={"iliacus": "same"}), "angles"),
        (dict(stretch_id="quad-couch", answer={}, knee_flexion_deg=0), "answer"),
        (dict(stretch_id="quad-couch", answer={"pectineus": "same"}, knee_flexion_deg=0), "muscle"),
        (dict(stretch_id="quad-couch", answer={"iliacus": "up"}, knee_flexion_deg=0), "answer"),
        (
            dict(stretch_id="quad-couch", answer={"iliacus": "same"}, knee_flexion_deg=200),
            "knee_flexion_deg",
        ),
    ],
)
def test_check_pose_change_bad_input(kwargs, field):
    with pytest.raises(InputError, match=field):
        exercises.check_pose_change(**kwargs)


def test_check_rung_for_muscle_accepts_every_tied_rung():
    # rungs 3-5 of the hip-flexor ladder share the hip angle: iliacus cannot tell them apart
    verdicts = [
        exercises.check_rung_for_muscle("hip-flexors", "iliacus", r).correct for r in range(1, 6)
    ]
    assert verdicts == [False, False, True, True, True]
    fb = exercises.check_rung_for_muscle("quadriceps", "rectus-femoris", 5)
    assert fb.correct and "rung 5." in fb.message
    with pytest.raises(InputError, match="answer"):
        exercises.check_rung_for_muscle("quadriceps", "rectus-femoris", 6)


# ------------------------------------------------------------------ model tables and figures
def test_length_table_rows_and_text():
    block = lesson.length_table(
        "quadriceps",
        {
            "sitting": {"hip_flexion_deg": 90, "knee_flexion_deg": 90},
            "rung 1": "quad-standing-supported",
        },
    )
    lines = repr(block).splitlines()
    assert [ln.split(":")[0] for ln in lines] == [
        "Rectus femoris",
        "Vastus lateralis",
        "Vastus medialis",
        "Vastus intermedius",
    ]
    # the vasti cross only the knee: sitting (knee 90) and rung 1 (knee 110) both lengthen them
    assert all(re.search(r"sitting \+\d+ %.*rung 1 \+\d+ %", ln) for ln in lines[1:])
    assert "<table" in block._repr_html_()
    with pytest.raises(InputError, match="poses"):
        lesson.length_table("quadriceps", {})
    with pytest.raises(InputError, match="group"):
        lesson.length_table("quads", {"x": {}})


def test_model_name_names_the_model_and_versions():
    from hipcourse.models import musculoskeletal as msk

    text = repr(lesson.model_name())
    assert msk.MODEL_NAME in text and "myo-sim" in text and "MuJoCo" in text


def test_angle_sweep_figure_and_alt_text():
    from hipcourse.views import plots

    fig = plots.angle_sweep(
        "hip-flexor-half-kneeling",
        "knee_flexion_deg",
        ["rectus-femoris", "iliacus"],
        angles_deg=[0, 60, 120],
    )
    alt = plots.alt_text(fig)
    rf = re.search(r"Rectus femoris (-?\d+\.\d+) to (-?\d+\.\d+)", alt)
    il = re.search(r"Iliacus (-?\d+\.\d+) to (-?\d+\.\d+)", alt)
    assert float(rf.group(2)) > float(rf.group(1)) + 0.5  # knee flexion stretches RF
    assert il.group(1) == il.group(2)  # and leaves iliacus alone
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("knee flexion [deg]") and "fibre strain" in ax.get_ylabel()
    for bad in (
        dict(joint="ankle"),
        dict(metric="force"),
        dict(muscles=["pectineus"]),
        dict(muscles=["nope"]),
        dict(angles_deg=[10]),
    ):
        with pytest.raises(InputError):
            plots.angle_sweep("quad-couch", **bad)


def test_muscle_paths_figure_names_missing_muscles():
    from hipcourse.views import plots

    fig = plots.muscle_paths("hip-flexors")
    alt = plots.alt_text(fig)
    assert "Psoas major (lumbar-spine and hip)" in alt
    assert "Not in the model, so not drawn: Pectineus." in alt
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "Iliacus" in labels and "Pectineus" not in labels
    with pytest.raises(InputError, match="group"):
        plots.muscle_paths("quads")


def test_check_weekly_minutes_against_the_evidence_based_dose():
    from hipcourse.models.journal import demo_routine

    fb = exercises.check_weekly_minutes(demo_routine(), 2, "glutes", 2.0)
    assert fb.correct and "falls short of the guidance of at least 5 min a week" in fb.message
    assert "Thomas et al. 2018" in fb.message
    assert not exercises.check_weekly_minutes(demo_routine(), 2, "glutes", 3.0).correct
    assert "meets" in exercises.check_weekly_minutes(demo_routine(), 5, "glutes", 5.0).message
