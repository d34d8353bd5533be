"""Rendering helpers the lesson notebooks share (views: no domain logic).

One function renders the safety note, one a muscle table, one a stretch card, one a
ladder, so no notebook copies cell blocks from another.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

from hipcourse.content.catalog import DATA_DIR, GROUP_IDS, load_catalog
from hipcourse.kit.resources import notebooks_dir
from hipcourse.views.html_blocks import HTMLBlock, _table  # noqa: F401
from hipcourse.views.stretch_cards import (  # noqa: F401
    _CARD_STYLE,
    FIGURES_DIR,
    _check_stretch_id,
    _items,
    card_text,
    ladder,
    pose_figure_file,
    stretch_card,
)


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
                "<tr>"
                + "".join(
                    f"<td>{html.escape(x)}</td>"
                    for x in (
                        m.name,
                        ", ".join(cat.group(x).name for x in m.groups),
                        m.origin,
                        m.insertion,
                        joints,
                        "; ".join(m.actions),
                    )
                )
                + "</tr>"
            )
            text.append(f"{m.name}: {joints}")
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Muscle", "Group", "Origin", "Insertion", "Joints crossed", "Main actions")
    )
    table = (
        f'<table class="hipcourse-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return HTMLBlock(table, "\n".join(text))


def group_overview() -> HTMLBlock:
    """The five muscle groups: where they are, what they do, how many rungs."""
    cat = load_catalog()
    rows, text = [], []
    for g in cat.groups:
        n = len(cat.ladder(g.id))
        muscles = ", ".join(m.name for m in cat.muscles_of(g.id))
        rows.append(
            [
                html.escape(g.name),
                html.escape(g.where),
                html.escape(g.summary),
                html.escape(muscles),
                str(n),
            ]
        )
        text.append(f"{g.name}: {n} rungs")
    return HTMLBlock(
        _table(["Group", "Where", "What it does", "Muscles", "Rungs"], rows), "\n".join(text)
    )


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
        for line in text[learn.end() :].splitlines():
            if re.match(r"\s*[-*] ", line):
                goals.append(re.sub(r"^\s*[-*] ", "", line).replace("*", "").strip())
            elif goals and line.startswith((" ", "\t")) and line.strip():
                goals[-1] += " " + line.strip().replace("*", "")  # a wrapped bullet
            elif goals or line.strip():
                break  # the list ended (blank lines before it are skipped)
    return {
        "file": Path(path).name,
        "title": title.group(1).strip() if title else Path(path).stem,
        "minutes": int(minutes.group(1)) if minutes else None,
        "learn": goals,
    }


def course_map(folder=None) -> HTMLBlock:
    """The course map, read from the lesson notebooks themselves (so it never goes stale)."""
    folder = Path(folder) if folder else _lessons_folder()
    infos = [lesson_info(p) for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]
    rows = [
        [
            html.escape(i["file"].removesuffix(".ipynb")),
            html.escape(i["title"]),
            "<br>".join(html.escape(g) for g in i["learn"]),
            f"{i['minutes']} min" if i["minutes"] else "",
        ]
        for i in infos
    ]
    text = "\n".join(f"{i['file']}: {i['title']}" for i in infos)
    return HTMLBlock(_table(["Lesson", "Title", "You will learn", "Time"], rows), text)


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
    status = {
        "published": "published cut-off",
        "secondary": "from a secondary summary",
        "reference": "one study's figures, not an accepted norm",
        "course": "the course's own guide: there is no published norm",
    }[t.normal.status]
    parts = [
        f'<div class="hipcourse-card hipcourse-selftest" style="{_CARD_STYLE}">',
        f'<p style="margin:0.2em 0"><strong>Self-test: {e(t.name)}</strong> '
        f'<small style="color:#555555">[{e(t.id)}]</small></p>',
        f'<p style="margin:0 0 0.4em 0"><small>informs: '
        f"{e(', '.join(cat.group(g).name for g in t.groups))}</small></p>",
        "<strong>How to do it</strong>",
        _items("ol", t.steps),
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
        cells = [
            f"{round(c[m.id][0]):+d} % ({round(c[m.id][1], 2) + 0.0:.2f})" for c in columns.values()
        ]
        rows.append([html.escape(m.name)] + cells)
        text.append(
            f"{m.name}: " + "; ".join(f"{k} {v}" for k, v in zip(columns, cells, strict=False))
        )
    head = ["Muscle"] + list(columns)
    note = (
        f"<p><small>Change of muscle-tendon length from standing (fibre strain in optimal "
        f"fibre lengths). {html.escape(msk.MODEL_NAME)}.</small></p>"
    )
    return HTMLBlock(_table(head, rows) + note, "\n".join(text))
