"""The course map, ``index.html``: each lesson's title, time and "you will learn", taken
from the notebooks, with links to what the build wrote."""
from __future__ import annotations

import html
import re
from pathlib import Path

from hipcourse.build.common import COURSE_NAME, first_line
from hipcourse.build.results import LessonResult
from hipcourse.kit.resources import TEMPLATES_DIR


def _inline_md(text: str) -> str:
    """Escape ``text`` and keep its ``code`` spans, **bold** and *italics* (course map)."""
    out = html.escape(text.strip())
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![\w*])\*([^*]+)\*(?![\w*])", r"<em>\1</em>", out)
    out = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", out)
    return out


def lesson_info_or_name(path: Path) -> dict:
    """Title, minutes and "you will learn" of a lesson (``lesson.lesson_info``), or the
    file name alone when the notebook cannot be read."""
    from hipcourse.views.lesson import lesson_info

    try:
        return lesson_info(path)
    except (OSError, ValueError, KeyError, TypeError):
        return {"file": path.name, "title": path.stem, "minutes": None, "learn": []}


def index_html(infos: list[dict], results: dict[str, LessonResult], out_dir: Path,
                notes: list[str]) -> str:
    css_file = TEMPLATES_DIR / "hipcourse_handout" / "static" / "handout.css"
    css = css_file.read_text(encoding="utf-8")
    from hipcourse.views.lesson import safety_text

    safety = _inline_md(safety_text()).replace("\n", " ")
    rows = []
    for info in infos:
        stem = info["file"].removesuffix(".ipynb")
        r = results.get(stem)
        links = []
        if r is not None and r.status != "failed":
            for kind, label in (("learner", "Learner handout"),
                                ("instructor", "Instructor edition"),
                                ("slides", "Slides"), ("pdf", "PDF")):
                rel = r.outputs.get(kind)
                if rel and (out_dir / rel).is_file():
                    links.append(f'<a href="{html.escape(rel)}">{label}</a>')
        elif r is not None:
            links.append(f'<span class="hc-failed">Build failed: '
                         f'{html.escape(first_line(r.error, 160))}</span>')
        learn = "".join(f"<li>{_inline_md(o)}</li>" for o in info["learn"])
        minutes = f"about {info['minutes']} minutes" if info["minutes"] else ""
        rows.append(
            f'<tr><td class="hc-num">{html.escape(stem[:2])}</td>'
            f'<td><strong>{_inline_md(info["title"])}</strong>'
            f'{"<br><span class=hc-time>" + minutes + "</span>" if minutes else ""}'
            f'</td><td>{"<ul>" + learn + "</ul>" if learn else ""}</td>'
            f'<td class="hc-links">{"<br>".join(links)}</td></tr>')
    note_items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    body = (f'<h1>{html.escape(COURSE_NAME)}</h1><p class="hc-edition">Course map</p>'
            f'<p>Every lesson as a <strong>learner handout</strong> (code hidden, no solutions, '
            f'ready to print on A4 or Letter), an <strong>instructor edition</strong> (code, '
            f'solutions and teaching notes) and <strong>slides</strong> (reveal.js, included in '
            f'each file: they work offline; press S for speaker notes, F for full screen).</p>'
            f'<aside class="hc-safety" aria-label="Safety note"><p>{safety}</p></aside>'
            f'<table class="hc-map"><thead><tr><th>#</th><th>Lesson</th><th>You will learn</th>'
            f'<th>Files</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            + (f'<h2>Notes on this build</h2><ul>{note_items}</ul>' if note_items else "")
            + '<p class="hc-footer">Rebuild with <code>hipcourse build</code> from the repository '
              'root; <code>hipcourse build --student DIR</code> also writes the student copy of '
              'the notebooks.</p>')
    extra = (".hc-map td.hc-num{width:2.2rem;font-weight:700}"
             ".hc-map ul{margin:0;padding-left:1.1rem}"
             ".hc-links{white-space:nowrap}.hc-failed{color:#D55E00;white-space:normal}"
             ".hc-time{color:#4d4d4d;font-size:.9em}")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f'<title>{html.escape(COURSE_NAME)}: course map</title>\n'
            f'<style>\n{css}\n{extra}\n</style>\n</head>\n<body class="hc-page hc-index">\n'
            f'<main>{body}</main>\n</body>\n</html>\n')
