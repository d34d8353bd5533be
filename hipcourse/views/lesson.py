"""Rendering helpers the lesson notebooks share (views: no domain logic).

One function renders the safety note, one a muscle table, one a stretch card, one a
ladder, so no notebook copies cell blocks from another.
"""
from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

from hipcourse.content.catalog import DATA_DIR, GROUP_IDS, load_catalog
from hipcourse.kit.resources import data_uri, figure_path, figures_dir, notebooks_dir


class HTMLBlock:
    """A block of HTML with a plain-text fallback (what nbval compares)."""

    def __init__(self, html_text: str, text: str):
        self._html = html_text
        self._text = text

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return self._text


@lru_cache(maxsize=1)
def safety_text() -> str:
    """The course's safety note (Markdown), single-sourced in ``data/safety.md``."""
    return (DATA_DIR / "safety.md").read_text(encoding="utf-8").strip()


def safety_note():
    """Display the safety note (every lesson shows it near the top)."""
    from IPython.display import Markdown

    return Markdown("> " + safety_text().replace("\n", "\n> "))


def muscle_table(group: str | None = None) -> HTMLBlock:
    """A table of muscles: group, origin, insertion, joints crossed, main actions."""
    cat = load_catalog()
    groups = [group] if group else list(GROUP_IDS)
    rows, text = [], []
    for g in groups:
        for m in cat.muscles_of(g) if group else [m for m in cat.muscles if m.group == g]:
            joints = " + ".join(m.joints)
            rows.append(
                "<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in (
                    m.name, ", ".join(cat.group(x).name for x in m.groups), m.origin,
                    m.insertion, joints, "; ".join(m.actions))) + "</tr>")
            text.append(f"{m.name}: {joints}")
    head = "".join(f"<th>{h}</th>" for h in ("Muscle", "Group", "Origin", "Insertion",
                                              "Joints crossed", "Main actions"))
    table = (f'<table class="hipcourse-table"><thead><tr>{head}</tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    return HTMLBlock(table, "\n".join(text))


def _table(head, rows) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="hipcourse-table"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def group_overview() -> HTMLBlock:
    """The five muscle groups: where they are, what they do, how many rungs."""
    cat = load_catalog()
    rows, text = [], []
    for g in cat.groups:
        n = len(cat.ladder(g.id))
        muscles = ", ".join(m.name for m in cat.muscles_of(g.id))
        rows.append([html.escape(g.name), html.escape(g.where), html.escape(g.summary),
                     html.escape(muscles), str(n)])
        text.append(f"{g.name}: {n} rungs")
    return HTMLBlock(_table(["Group", "Where", "What it does", "Muscles", "Rungs"], rows),
                     "\n".join(text))


def ladder_summary() -> HTMLBlock:
    """All five ladders side by side: rung number by group, with each rung's position."""
    cat = load_catalog()
    ladders = {g.id: cat.ladder(g.id) for g in cat.groups}
    depth = max(len(v) for v in ladders.values())
    rows, text = [], []
    for level in range(1, depth + 1):
        cells = [str(level)]
        for g in cat.groups:
            lad = ladders[g.id]
            if level <= len(lad):
                s = lad[level - 1]
                cells.append(f"{html.escape(s.name)}<br><small>{s.position}</small>")
                text.append(f"{g.id} {level}: {s.name} ({s.position})")
            else:
                cells.append("")
        rows.append(cells)
    return HTMLBlock(_table(["Rung"] + [g.name for g in cat.groups], rows), "\n".join(text))


def _lessons_folder() -> Path:
    """Where the lessons are: the working folder when it holds lesson notebooks (a lesson's
    kernel runs inside its own folder, in a checkout, a clone or a student copy), else its
    ``notebooks/`` subfolder, else the checkout's ``notebooks/``."""
    here = Path.cwd()
    for folder in (here, here / "notebooks"):
        if any(folder.glob("[0-9][0-9]_*.ipynb")):
            return folder
    return notebooks_dir() or here / "notebooks"


def lesson_info(path) -> dict:
    """Title, time and learning objectives of one lesson notebook (read as plain JSON).

    The lesson skeleton puts the title in the first ``# `` heading, the time in a line
    starting ``**Time:**`` and the objectives as a bullet list after ``**You will learn``.
    """
    import json
    import re

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    title = re.search(r"^# (.+)$", text, re.M)
    minutes = re.search(r"\*\*Time:\*\*[^0-9]*(\d+)", text)
    goals: list[str] = []
    learn = re.search(r"\*\*You will learn[^\n]*\n", text)
    if learn:
        for line in text[learn.end():].splitlines():
            if re.match(r"\s*[-*] ", line):
                goals.append(re.sub(r"^\s*[-*] ", "", line).replace("*", "").strip())
            elif goals and line.startswith((" ", "\t")) and line.strip():
                goals[-1] += " " + line.strip().replace("*", "")  # a wrapped bullet
            elif goals or line.strip():
                break  # the list ended (blank lines before it are skipped)
    return {"file": Path(path).name, "title": title.group(1).strip() if title else Path(path).stem,
            "minutes": int(minutes.group(1)) if minutes else None, "learn": goals}


def course_map(folder=None) -> HTMLBlock:
    """The course map, read from the lesson notebooks themselves (so it never goes stale)."""
    folder = Path(folder) if folder else _lessons_folder()
    infos = [lesson_info(p) for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]
    rows = [[html.escape(i["file"].removesuffix(".ipynb")), html.escape(i["title"]),
             "<br>".join(html.escape(g) for g in i["learn"]),
             f"{i['minutes']} min" if i["minutes"] else ""] for i in infos]
    text = "\n".join(f"{i['file']}: {i['title']}" for i in infos)
    return HTMLBlock(_table(["Lesson", "Title", "You will learn", "Time"], rows), text)


# ---------------------------------------------------------------- stretch cards and ladders
#: Where ``hipcourse figures`` writes the course figures (the pose drawings are under
#: ``stretches/``). Resolved from the package, so it works from any working folder.
FIGURES_DIR = figures_dir()

#: Inline styles only (no <style> block), so a card looks the same in JupyterLab, in an
#: untrusted notebook, in an exported handout and on paper; cards never split across pages.
_CARD_STYLE = ("border:1px solid #999999;border-radius:6px;padding:0.5em 0.9em;"
               "margin:0.8em 0;max-width:60em;break-inside:avoid;page-break-inside:avoid")
_IMG_STYLE = "width:300px;max-width:100%;height:auto;border:1px solid #dddddd"
_HOW_TO_CHOOSE = (
    "How to choose your rung: try the rungs from the easiest up and work at the one where "
    "you feel the stretch best, not the hardest one you can get into. In a focused session, "
    "climb a few rungs to prepare for the harder positions; in a cool-down or a quick "
    "break, stay on the easy rungs.")


def pose_figure_file(stretch_id: str, figures_dir=None) -> tuple[Path, str]:
    """The pose drawing of a stretch and its alt text: ``(png_path, alt)``.

    Raises
    ------
    FileNotFoundError
        If ``<figures>/stretches/<id>.png`` or its ``.alt.txt`` is missing or the alt text
        is empty; the message says which file and how to make it (``hipcourse figures``).
    """
    png = (Path(figures_dir) / "stretches" / f"{stretch_id}.png" if figures_dir is not None
           else figure_path("stretches", f"{stretch_id}.png"))
    alt_file = png.with_suffix(".alt.txt")
    for p in (png, alt_file):
        if not p.is_file():
            raise FileNotFoundError(
                f"pose figure {p} is missing for stretch {stretch_id!r}; "
                "run `hipcourse figures` to draw the course figures")
    alt = alt_file.read_text(encoding="utf-8").strip()
    if not alt:
        raise FileNotFoundError(f"alt text file {alt_file} is empty for stretch {stretch_id!r}; "
                                "run `hipcourse figures` to redraw it")
    return png, alt


def _data_uri(png: Path) -> str:
    return data_uri(png.read_bytes(), "image/png")


def _model_top(stretch_id: str, n: int) -> tuple[str, list[tuple[str, float, float]], str]:
    """What the musculoskeletal model says about a stretch, ready to print.

    Returns ``(model name, [(muscle, fibre strain, length change %), ...], verdict)``: the
    ``n`` muscles whose fibres the pose pulls furthest (the model's rule, see
    :mod:`hipcourse.models.musculoskeletal`) and a sentence on the group it works most.
    """
    from hipcourse.models import musculoskeletal as msk

    effect = msk.stretch_effect(stretch_id)
    rows = [(msk.display_name(r.muscle), float(r.fibre_strain), float(r.length_change_pct))
            for r in effect.top_muscles(n)]
    cat = load_catalog()
    most = " and ".join(cat.group(g).name.lower() for g in effect.works_most)
    verdict = f"By this measure it works the {most} most"
    verdict += (", as the catalog says." if effect.agrees else
                f"; the catalog files it under {cat.group(effect.group).name.lower()}.")
    if effect.model_note:
        verdict += " " + effect.model_note
    return str(msk.MODEL_NAME), rows, verdict


def _items(tag: str, items) -> str:
    li = "".join(f"<li>{html.escape(x)}</li>" for x in items)
    return f'<{tag} style="margin:0.1em 0 0.4em 1.2em;padding:0">{li}</{tag}>'


def _dose(s) -> str:
    side = "each side" if s.sides == 2 else "both legs together"
    return f"hold {s.hold_s} s × {s.reps} reps, {side}"


def _rules_out(s) -> list[str]:
    """Why each stated restriction (other than 'stop everything' ones) rules ``s`` out."""
    cat = load_catalog()
    return [reason for r in cat.restrictions if not r.excludes_all
            for reason in [r.rules_out(s)] if reason]


def _check_stretch_id(stretch_id):
    from hipcourse.kit.checks import choice

    return choice("stretch_id", stretch_id, [s.id for s in load_catalog().stretches])


def card_text(stretch_id: str) -> str:
    """The one-line plain-text form of a card: ``Rung 2 of 5: Name [id]``."""
    cat = load_catalog()
    s = cat.stretch(_check_stretch_id(stretch_id))
    return f"Rung {s.level} of {len(cat.ladder(s.group))}: {s.name} [{s.id}]"


def stretch_card(stretch_id: str, *, figures_dir=None, top_n: int = 3) -> HTMLBlock:
    """One stretch as a printable card: pose figure, how to do it, safety and the model.

    Shows the name, the rung (N of M), position and equipment, the pose drawing (embedded
    as a data URI with its alt text, from ``figures/stretches/<id>.png``), set-up steps,
    cues, common mistakes, what to feel, the dose, cautions, the restrictions that rule it
    out, notes, and the ``top_n`` muscles the musculoskeletal model lengthens most.

    Parameters
    ----------
    stretch_id : str
        A catalog stretch id, e.g. ``"hamstring-chair-hinge"``.
    figures_dir : path, optional
        Folder holding ``stretches/<id>.png``; default the course's ``figures/``.
    top_n : int
        How many lengthened muscles to list (1-10).

    Returns
    -------
    HTMLBlock
        HTML for notebooks and handouts; plain text ``Rung N of M: Name [id]``.

    Raises
    ------
    InputError
        For an unknown ``stretch_id`` or a bad ``top_n``.
    FileNotFoundError
        If the pose figure or its alt text is missing.
    """
    from hipcourse.kit.checks import integer

    top_n = integer("top_n", top_n, 1, 10)
    cat = load_catalog()
    s = cat.stretch(_check_stretch_id(stretch_id))
    png, alt = pose_figure_file(s.id, figures_dir)
    model, top, verdict = _model_top(s.id, top_n)
    e = html.escape
    rungs = len(cat.ladder(s.group))
    parts = [
        f'<div class="hipcourse-card" style="{_CARD_STYLE}">',
        f'<p style="margin:0.2em 0"><strong>Rung {s.level} of {rungs}: {e(s.name)}</strong> '
        f'<small style="color:#555555">[{e(s.id)}]</small></p>',
        f'<p style="margin:0 0 0.4em 0"><small>{e(cat.group(s.group).name)} · position: '
        f'{e(s.position)} · equipment: {e(", ".join(s.equipment))} · {e(_dose(s))}</small></p>',
        '<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start">',
        f'<img src="{_data_uri(png)}" alt="{e(alt)}" style="{_IMG_STYLE}">',
        '<div style="flex:1;min-width:18em">',
        "<strong>Set-up</strong>", _items("ol", s.setup),
        "<strong>Cues</strong>", _items("ul", s.cues),
        "<strong>Common mistakes</strong>", _items("ul", s.mistakes),
        f'<p style="margin:0.2em 0"><strong>What to feel:</strong> {e(s.feel)}</p>',
        "</div></div>",
        "<strong>Cautions</strong>", _items("ul", s.cautions),
    ]
    ruled = _rules_out(s)
    parts.append("<strong>Ruled out by</strong>"
                 + (_items("ul", ruled) if ruled else
                    '<p style="margin:0.1em 0 0.4em 0">no listed restriction rules it out '
                    "(the safety note still applies).</p>"))
    if s.notes:
        parts.append(f'<p style="margin:0.2em 0"><strong>Note:</strong> {e(s.notes)}</p>')
    lengthened = "; ".join(f"{e(name)} {strain:.2f} ({round(pct):+d} %)"
                           for name, strain, pct in top)
    parts.append(f'<p style="margin:0.2em 0"><strong>What the model says:</strong> the fibres '
                 f"pulled furthest from their standing length, in optimal fibre lengths (and "
                 f"the change of muscle-tendon length): {lengthened}. {e(verdict)} "
                 f"<small>({e(model)})</small></p>")
    parts.append("</div>")
    return HTMLBlock("\n".join(parts), card_text(s.id))


def ladder(group: str, *, figures_dir=None, top_n: int = 3) -> HTMLBlock:
    """Every catalog stretch of ``group`` as cards, easiest rung first.

    The cards follow a one-paragraph reminder of how to choose a rung. The plain-text
    form has a heading line, then one ``Rung N of M: Name [id]`` line per rung in order,
    which is what the lesson tests compare with the catalog.

    Raises
    ------
    InputError
        If ``group`` is not one of the five group ids.
    """
    from hipcourse.kit.checks import choice

    cat = load_catalog()
    group = choice("group", group, GROUP_IDS)
    cards = [stretch_card(s.id, figures_dir=figures_dir, top_n=top_n) for s in cat.ladder(group)]
    head = (f'<p style="break-after:avoid;page-break-after:avoid">'
            f"<strong>{html.escape(cat.group(group).name)}: {len(cards)} rungs, easiest "
            f"first.</strong> {html.escape(_HOW_TO_CHOOSE)}</p>")
    text = [f"{cat.group(group).name} ladder, easiest first:"] + [repr(c) for c in cards]
    return HTMLBlock(
        f'<div class="hipcourse-ladder">{head}' + "".join(c._repr_html_() for c in cards)
        + "</div>", "\n".join(text))


def self_test(test_id: str) -> HTMLBlock:
    """One self-test from ``data/assessments.toml`` as a printable card.

    Shows how to do the test, what to record, the normal range with its source and how
    well it is supported, how far to trust the result, how the result suggests a starting
    rung (the course's rule of thumb) and the cautions. Plain text: ``Self-test: Name [id]``.

    Raises
    ------
    InputError
        For an unknown ``test_id``.
    """
    from hipcourse.models.assessment import load_tests

    t = load_tests().test(test_id)
    e = html.escape
    cat = load_catalog()
    status = {"published": "published cut-off", "secondary": "from a secondary summary",
              "unverified": "unverified: not found in any source the course opened",
              "reference": "one small study, not an accepted norm"}[t.normal.status]
    parts = [
        f'<div class="hipcourse-card hipcourse-selftest" style="{_CARD_STYLE}">',
        f'<p style="margin:0.2em 0"><strong>Self-test: {e(t.name)}</strong> '
        f'<small style="color:#555555">[{e(t.id)}]</small></p>',
        f'<p style="margin:0 0 0.4em 0"><small>informs: '
        f'{e(", ".join(cat.group(g).name for g in t.groups))}</small></p>',
        "<strong>How to do it</strong>", _items("ol", t.steps),
    ]
    if t.choices:
        parts += ["<strong>Pictures</strong>", _items("ol", t.choices)]
    parts += [
        f'<p style="margin:0.2em 0"><strong>Write down:</strong> {e(t.record)}</p>',
        f'<p style="margin:0.2em 0"><strong>Normal:</strong> {e(t.normal.text)} '
        f"<small>({e(t.normal.source)}; {e(status)})</small></p>",
        f'<p style="margin:0.2em 0"><strong>How far to trust it:</strong> '
        f"{e(t.reliability.text)} <small>({e(t.reliability.source)})</small></p>",
        f'<p style="margin:0.2em 0"><strong>Where it puts you on the ladder:</strong> '
        f"{e(t.rule.note)} <small>(the course's rule of thumb, not a study's)</small></p>",
    ]
    if t.cautions:
        parts += ["<strong>Cautions</strong>", _items("ul", t.cautions)]
    parts.append("</div>")
    return HTMLBlock("\n".join(parts), f"Self-test: {t.name} [{t.id}]")


def model_name() -> HTMLBlock:
    """One line naming the musculoskeletal model and its version, to quote next to numbers."""
    from hipcourse.models import musculoskeletal as msk

    text = f"Computed with {msk.MODEL_NAME}."
    return HTMLBlock(f"<p><small>{html.escape(text)}</small></p>", text)


def length_table(group: str, poses: dict) -> HTMLBlock:
    """How a group's muscles change length in a few named poses, from the model.

    Parameters
    ----------
    group : str
        A group id; its muscles that the model contains are the rows.
    poses : dict
        Label -> joint angles [deg], e.g. ``{"sitting": {"hip_flexion_deg": 90,
        "knee_flexion_deg": 90}}`` (missing angles are 0), or a catalog stretch id as value.

    Each cell shows the % change of muscle-tendon length from standing and, in brackets,
    the fibre strain (change of length in optimal fibre lengths; see
    :mod:`hipcourse.models.musculoskeletal`). A muscle in several model parts shows their mean.
    """
    from hipcourse.kit.checks import InputError, choice
    from hipcourse.models import musculoskeletal as msk

    cat = load_catalog()
    group = choice("group", group, GROUP_IDS)
    if not isinstance(poses, dict) or not poses:
        raise InputError("poses", poses, 'a dict such as {"sitting": {"hip_flexion_deg": 90}}')
    columns = {}
    for label, pose in poses.items():
        if isinstance(pose, str):
            pose = cat.stretch(_check_stretch_id(pose)).pose
            columns[label] = msk.length_change(pose).by_catalog_muscle()
        elif isinstance(pose, dict):
            columns[label] = msk.length_change(**pose).by_catalog_muscle()
        else:
            raise InputError(f"poses[{label!r}]", pose, "a dict of joint angles or a stretch id")
    muscles = [m for m in cat.muscles_of(group) if m.model]
    rows, text = [], []
    for m in muscles:
        cells = [f"{round(c[m.id][0]):+d} % ({round(c[m.id][1], 2) + 0.0:.2f})"
                 for c in columns.values()]
        rows.append([html.escape(m.name)] + cells)
        text.append(f"{m.name}: " + "; ".join(f"{k} {v}" for k, v in zip(columns, cells, strict=False)))
    head = ["Muscle"] + list(columns)
    note = (f'<p><small>Change of muscle-tendon length from standing (fibre strain in optimal '
            f"fibre lengths). {html.escape(msk.MODEL_NAME)}.</small></p>")
    return HTMLBlock(_table(head, rows) + note, "\n".join(text))
