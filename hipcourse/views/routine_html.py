"""Routine views as HTML: the table, the pose strip, the dose bars, and printable handouts.

Views only: the routine itself comes from :mod:`hipcourse.models.routine`. Handouts are single,
self-contained HTML files (pose figures embedded as ``data:`` URIs, no request to any
network host) with print styles that fit A4 and Letter. Every piece of text a learner or
instructor typed (name, date, title) is escaped with :func:`html.escape`, and file names
derived from such text are sanitised so they stay inside the chosen folder.

Pose figures are read from ``figures/stretches/<id>.png`` (written by ``hipcourse
figures``), with their alt text from ``<id>.alt.txt``. A stretch without a figure gets a
text card (its set-up steps) instead.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import unicodedata
from pathlib import Path

from hipcourse.content.catalog import load_catalog
from hipcourse.kit.checks import InputError
from hipcourse.kit.files import check_target, os_error_text, safe_write_text
from hipcourse.models.routine import Routine, RoutineFileError, format_duration
from hipcourse.views.dose_view import GROUP_COLOURS, SIDE_TEXT, dose_html, dose_text  # noqa: F401
from hipcourse.views.lesson import HTMLBlock, safety_text
from hipcourse.views.pose_figures import _figure_html, data_uri, figure_html, pose_png  # noqa: F401

SESSION_NAMES = {"focused": "Focused session", "cool-down": "Cool-down", "desk-break": "Desk break"}
NAME_MAX = 100
#: Longer routines get compact step cards (one cue, smaller figure) to stay on two pages.
COMPACT_STEPS = 10
DATE_MAX = 40

_e = html.escape


# --------------------------------------------------------------------------- small parts
def _chip(group: str) -> str:
    return (
        f'<span style="display:inline-block;width:.8em;height:.8em;border-radius:50%;'
        f'background:{GROUP_COLOURS[group]};margin-right:.3em"></span>'
    )


def _md_inline(text: str) -> str:
    """Escape, then turn **bold** into <strong> (all the Markdown the safety note uses)."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", _e(text))


def safety_html() -> str:
    return f'<div class="safety">{_md_inline(" ".join(safety_text().split()))}</div>'


def routine_table(routine: Routine) -> HTMLBlock:
    """The routine as an HTML table (with a plain-text fallback for nbval and terminals)."""
    cat = load_catalog()
    rows, text = [], []
    for i, st in enumerate(routine.steps, 1):
        s = cat.stretch(st.stretch_id)
        rows.append(
            f"<tr><td>{i}</td><td>{_chip(st.group)}{_e(cat.group(st.group).name)}</td>"
            f"<td>{_e(s.name)}<br><small>rung {st.level} · {_e(st.position)} · "
            f"{_e(st.role)}</small></td><td>{_e(dose_text(st))}</td>"
            f"<td>{_e(format_duration(st.duration_s))}</td>"
            f"<td><small>{_e(st.reason)}</small></td></tr>"
        )
        text.append(
            f"{i:>2}. {s.name} [{st.stretch_id}], rung {st.level}, {st.position}: "
            f"{dose_text(st)} ({format_duration(st.duration_s)})"
        )
    head = "".join(f"<th>{h}</th>" for h in ("#", "Group", "Stretch", "Hold", "Time", "Why"))
    total = f"Total {format_duration(routine.total_s)} of {format_duration(routine.budget_s)}"
    parts = []
    if routine.message:
        parts.append(f'<p class="hipcourse-message"><strong>{_e(routine.message)}</strong></p>')
        text.insert(0, routine.message)
    if routine.steps:
        parts.append(
            f'<table class="hipcourse-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table><p><strong>{total}</strong></p>"
        )
        text.append(total)
    if routine.excluded:
        items = "".join(
            f"<li>{_e(cat.stretch(x.stretch_id).name)} ({_e(x.group)}, rung "
            f"{x.level}): {_e(x.reason)}</li>"
            for x in routine.excluded
        )
        parts.append(
            f"<details><summary>Left out ({len(routine.excluded)})</summary>"
            f"<ul>{items}</ul></details>"
        )
        text.append(f"Left out: {len(routine.excluded)} stretches")
    if routine.notes:
        parts.append("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in routine.notes) + "</ul>")
        text.extend(f"Note: {n}" for n in routine.notes)
    return HTMLBlock("".join(parts), "\n".join(text))


def pose_strip_html(routine: Routine, figures_dir=None) -> str:
    """A row of small pose figures (or text cards), one per step, numbered."""
    cat = load_catalog()
    cards = []
    for i, st in enumerate(routine.steps, 1):
        cards.append(
            f'<figure style="margin:0;width:120px;flex:none;font-size:11px;text-align:center">'
            f"{figure_html(st.stretch_id, figures_dir)}"
            f"<figcaption>{i}. {_e(cat.stretch(st.stretch_id).name)}</figcaption></figure>"
        )
    return (
        '<div class="hipcourse-strip" style="display:flex;gap:6px;overflow-x:auto">'
        + "".join(cards)
        + "</div>"
    )


def aches_table() -> HTMLBlock:
    """Places it aches and the groups the builder stretches for each, with the reason."""
    cat = load_catalog()
    rows, text = [], []
    for a in cat.aches:
        groups = ", ".join(cat.group(g).name for g in a.groups)
        rows.append(
            f"<tr><td>{_e(a.name)}<br><small>{_e(a.id)}</small></td>"
            f"<td>{_e(groups)}</td><td>{_e(a.reason)}</td></tr>"
        )
        text.append(f"{a.name} ({a.id}): {', '.join(a.groups)}")
    return HTMLBlock(
        '<table class="hipcourse-table"><thead><tr><th>Where it aches</th>'
        "<th>Groups stretched</th><th>Why</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>",
        "\n".join(text),
    )


def timeline_table(routine: Routine, limit: int | None = None) -> HTMLBlock:
    """The follow-along timer's script: each segment's start, length, text and cues."""
    from hipcourse.models.routine import timeline

    segs = timeline(routine)
    shown = segs if limit is None else segs[:limit]
    rows, text = [], []
    for seg in shown:
        start = f"{seg.start_s // 60}:{seg.start_s % 60:02d}"
        cues = ", ".join(f"{c.text} at {c.at_s - seg.start_s} s" for c in seg.cues)
        rows.append(
            f"<tr><td>{start}</td><td>{seg.duration_s} s</td><td>{_e(seg.kind)}</td>"
            f"<td>{_e(seg.text)}</td><td><small>{_e(cues)}</small></td></tr>"
        )
        text.append(f"{start} {seg.duration_s:>3} s {seg.kind:<9} {seg.text}")
    if len(shown) < len(segs):
        text.append(f"... {len(segs) - len(shown)} more segments")
        rows.append(f"<tr><td colspan=5>... {len(segs) - len(shown)} more segments</td></tr>")
    return HTMLBlock(
        '<table class="hipcourse-table"><thead><tr><th>Starts</th><th>Lasts</th>'
        "<th>Segment</th><th>Shows</th><th>Cues</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>",
        "\n".join(text),
    )


# --------------------------------------------------------------------------- user text
def clean_text(field: str, value, max_len: int) -> str:
    """Text a user typed: any string up to ``max_len`` characters (escaped later)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(field, value, "text")
    value = " ".join(value.split())
    if len(value) > max_len:
        raise InputError(field, value[:20] + "...", f"text of at most {max_len} characters")
    return value


def _date_text(date) -> str:
    if date is None:
        return _dt.date.today().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    return clean_text("date", date, DATE_MAX)


def safe_filename(text: str, suffix: str = ".html", default: str = "routine") -> str:
    """A file name made from user text that cannot leave its folder.

    Letters and digits are kept (accents dropped), everything else becomes ``-``; no
    path separators, no leading dots, at most 60 characters, never empty.

    >>> safe_filename("../../etc/passwd")
    'etc-passwd.html'
    >>> safe_filename("Zoë's routine!", ".json")
    'zoe-s-routine.json'
    """
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60].strip("-")
    return (stem or default) + suffix


def output_path(folder, text: str, suffix: str = ".html", default: str = "routine") -> Path:
    """``folder / safe_filename(text)``, checked to lie inside ``folder``."""
    folder = Path(folder)
    path = folder / safe_filename(text, suffix, default)
    if path.resolve().parent != folder.resolve():
        raise InputError("file name", text, "a name that stays inside " + str(folder))
    return path


# --------------------------------------------------------------------------- handouts
_PRINT_CSS = """
@page { margin: 10mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #000; max-width: 190mm; margin: 0 auto; padding: 4mm; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
.meta { display: flex; flex-wrap: wrap; gap: 2mm 6mm; margin-bottom: 2mm; }
.safety { font-size: 8pt; border: 1px solid #D55E00; padding: 1.5mm 2mm; margin: 2mm 0; }
.steps { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 4mm; }
.step { display: grid; grid-template-columns: 30mm 1fr; gap: 2mm; break-inside: avoid;
        page-break-inside: avoid; border-top: 1.5mm solid #999; padding-top: 1mm; }
.step { font-size: 8.5pt; line-height: 1.25; }
.step h3 { font-size: 9.5pt; margin: 0; }
.step ul { margin: .5mm 0; padding-left: 4mm; }
.step .dose { font-weight: bold; }
.step .caution { font-size: 7.5pt; font-style: italic; }
.compact .step { grid-template-columns: 22mm 1fr; }
.compact .pose { width: 22mm; height: 20mm; }
.pose { width: 30mm; height: 27mm; object-fit: contain; }
.pose.nofig { overflow: hidden; border: 1px solid #999; font-size: 7pt; padding: 1mm; }
.pose.nofig ol { margin: 0; padding-left: 3mm; }
.notes { font-size: 8.5pt; margin-top: 2mm; }
.notes ul { margin: .5mm 0; padding-left: 4mm; }
.hipcourse-dose { font-size: 8.5pt; margin: 2mm 0; break-inside: avoid; }
footer { font-size: 7.5pt; color: #333; margin-top: 2mm; }
@media print { body { padding: 0; } a { color: #000; text-decoration: none; } }
"""


def _page(title: str, body: str, css: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{css}</style></head><body>{body}</body></html>\n"
    )


def handout_html(routine: Routine, name: str = "", date=None, figures_dir=None) -> str:
    """A learner's routine as one self-contained HTML page, printable on one or two pages.

    Parameters
    ----------
    routine : Routine
    name : str
        The learner's name as typed (escaped; at most 100 characters).
    date : datetime.date or str, optional
        Shown as typed (escaped); default: today.
    figures_dir : path, optional
        Folder of pose figures; default ``figures/stretches``.
    """
    cat = load_catalog()
    name = clean_text("name", name, NAME_MAX)
    date_s = _date_text(date)
    req = routine.request
    title = "My hip-stretch routine" + (f": {name}" if name else "")
    meta = [
        f"<span><b>Name:</b> {_e(name) or '&nbsp;' * 20}</span>",
        f"<span><b>Date:</b> {_e(date_s)}</span>",
        f"<span><b>{_e(SESSION_NAMES[req.session])}</b>, "
        f"{_e(format_duration(routine.total_s))} of {req.minutes} min</span>",
    ]
    if req.restrictions:
        meta.append(
            "<span><b>Restrictions:</b> "
            + _e(", ".join(cat.restriction(r).name for r in req.restrictions))
            + "</span>"
        )
    cards = []
    compact = len(routine.steps) > COMPACT_STEPS
    for i, st in enumerate(routine.steps, 1):
        s = cat.stretch(st.stretch_id)
        cues = "".join(f"<li>{_e(c)}</li>" for c in s.cues[: 1 if compact else 2])
        feel = "" if compact else f"<div>Feel: {_e(s.feel)}</div>"
        cautions = " ".join(s.cautions)
        cards.append(
            f'<section class="step" style="border-top-color:{GROUP_COLOURS[st.group]}">'
            f"{_figure_html(st.stretch_id, figures_dir)}<div>"
            f"<h3>{i}. {_e(s.name)}</h3>"
            f'<div><span class="dose">{_e(dose_text(st))}</span> · '
            f"{_e(cat.group(st.group).name)}, rung {st.level}, {_e(st.position)}</div>"
            f"<ul>{cues}</ul>{feel}"
            f'<div class="caution">{_e(cautions)}</div></div></section>'
        )
    body = [f"<h1>{_e(title)}</h1>", f'<div class="meta">{"".join(meta)}</div>', safety_html()]
    if routine.message:
        body.append(f"<p><strong>{_e(routine.message)}</strong></p>")
    body.append(f'<div class="steps{" compact" if compact else ""}">{"".join(cards)}</div>')
    body.append(dose_html(routine))
    notes = list(routine.notes)
    if routine.excluded:
        notes.append(
            "Left out: "
            + "; ".join(f"{cat.stretch(x.stretch_id).name} ({x.reason})" for x in routine.excluded)
        )
    if notes:
        body.append(
            '<div class="notes"><b>Notes</b><ul>'
            + "".join(f"<li>{_e(n)}</li>" for n in notes)
            + "</ul></div>"
        )
    body.append(
        "<footer>Made with hipcourse. Holds and repetitions follow ACSM guidance "
        "(Garber et al. 2011, Med Sci Sports Exerc 43:1334; ACSM's Guidelines, "
        "11th ed.).</footer>"
    )
    return _page(title, "".join(body), _PRINT_CSS)


def class_handout_html(routine: Routine, title: str = "", date=None, figures_dir=None) -> str:
    """A class routine on one page: large pose figures and a box for the learner's name.

    For an instructor printing one routine for everyone. ``title`` (escaped) defaults to
    the session type and length. Figures shrink as the routine grows so that it stays on
    one A4 or Letter page.
    """
    cat = load_catalog()
    req = routine.request
    title = clean_text("title", title, NAME_MAX) or (
        f"Class routine: {SESSION_NAMES[req.session].lower()}, {format_duration(routine.total_s)}"
    )
    date_s = _date_text(date)
    n = max(1, len(routine.steps))
    cols = 2 if n <= 4 else 3 if n <= 9 else 4
    rows = -(-n // cols)
    row_h = min(110.0, 200.0 / rows)  # mm of the page each row of cards may use
    show_cue = rows <= 4
    text_h = 9.0 + 5.0 + (8.5 if show_cue else 0.0) + 4.0
    img_h = max(8.0, row_h - text_h - 3.0)
    clamp = "display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden;"
    css = (
        _PRINT_CSS
        + f"""
.class {{ display: grid; grid-template-columns: repeat({cols}, 1fr); gap: 3mm; }}
.card {{ border: 1px solid #999; border-top-width: 2mm; padding: 1mm 2mm;
         break-inside: avoid; page-break-inside: avoid; }}
.card h3 {{ font-size: {11 if cols < 4 else 9.5}pt; line-height: 1.2; margin: 0;
            {clamp} -webkit-line-clamp: 2; }}
.card .big {{ width: 100%; height: {img_h:.1f}mm; object-fit: contain; display: block;
              margin: 1mm 0; }}
.card .big.nofig {{ font-size: 8pt; overflow: hidden; border: 0; }}
.card .big.nofig ol {{ margin: 0; padding-left: 4mm; }}
.card .dose {{ font-weight: bold; font-size: 9.5pt; }}
.card .cue {{ font-size: 8.5pt; line-height: 1.25; {clamp} -webkit-line-clamp: 2; }}
.namebox {{ border: 1.5px solid #000; height: 11mm; flex: 1; padding: 1mm 2mm;
            font-size: 8pt; color: #555; }}
.head {{ display: flex; gap: 4mm; align-items: stretch; margin-bottom: 2mm; }}
"""
    )
    cards = []
    for i, st in enumerate(routine.steps, 1):
        s = cat.stretch(st.stretch_id)
        cue = f'<div class="cue">{_e(s.cues[0])}</div>' if show_cue else ""
        cards.append(
            f'<section class="card" style="border-top-color:{GROUP_COLOURS[st.group]}">'
            f"<h3>{i}. {_e(s.name)}</h3>{_figure_html(st.stretch_id, figures_dir, 'big')}"
            f'<div class="dose">{_e(dose_text(st))}</div>{cue}</section>'
        )
    body = (
        f'<div class="head"><div><h1>{_e(title)}</h1><div>{_e(date_s)} · '
        f"{len(routine.steps)} stretches, {_e(format_duration(routine.total_s))}</div></div>"
        f'<div class="namebox">Name</div></div>'
        + (f"<p><strong>{_e(routine.message)}</strong></p>" if routine.message else "")
        + f'<div class="class">{"".join(cards)}</div>'
        + safety_html()
    )
    return _page(title, body, css)


class HandoutFileError(RoutineFileError):
    """A handout cannot be written; the message names the file and the reason."""


def write_handout(
    routine: Routine,
    path,
    *,
    name: str = "",
    date=None,
    class_handout: bool = False,
    title: str = "",
    figures_dir=None,
    force: bool = False,
) -> Path:
    """Write the learner (or class) handout to ``path`` atomically; returns the path.

    An existing file is replaced only if hipcourse wrote it and nobody changed it since,
    or with ``force=True``; never the journal or a saved routine
    (:func:`hipcourse.kit.files.check_target`).

    The folder is created if needed. The page is written to a temporary file in the same
    folder and renamed over ``path``, so an existing handout is either kept or replaced,
    never left half-written, and no temporary file stays behind.

    Raises
    ------
    InputError
        Bad name, title or date (see :func:`handout_html`).
    OverwriteError
        ``path`` is a file hipcourse may not replace (a ``ValueError`` naming it).
    HandoutFileError
        A ``ValueError`` naming the file and the reason when it cannot be written (a
        read-only or full disk, a file where a folder should be, ``path`` is a folder).
    """
    text = (
        class_handout_html(routine, title=title or name, date=date, figures_dir=figures_dir)
        if class_handout
        else handout_html(routine, name=name, date=date, figures_dir=figures_dir)
    )
    path = Path(path)
    try:
        if path.is_dir():
            raise HandoutFileError(path, "is a folder; give a file name such as routine.html")
        check_target(path, force=force)
        path.parent.mkdir(parents=True, exist_ok=True)
        return safe_write_text(path, text, force=force)
    except OSError as exc:
        raise HandoutFileError(
            path, f"cannot be written ({os_error_text(exc, path)}); nothing was written"
        ) from None


def export_handout(
    routine: Routine,
    folder,
    *,
    name: str = "",
    date=None,
    class_handout: bool = False,
    figures_dir=None,
) -> Path:
    """Write a handout into ``folder`` under a file name made safely from ``name``."""
    kind = "class-routine" if class_handout else "routine"
    path = output_path(folder, f"{name} {kind}" if name else kind)
    return write_handout(
        routine, path, name=name, date=date, class_handout=class_handout, figures_dir=figures_dir
    )


__all__ = [
    "routine_table",
    "aches_table",
    "timeline_table",
    "dose_html",
    "pose_strip_html",
    "handout_html",
    "class_handout_html",
    "write_handout",
    "export_handout",
    "safe_filename",
    "output_path",
    "pose_png",
    "figure_html",
    "dose_text",
    "HandoutFileError",
]
