"""The follow-along player: one self-contained HTML file you can take to the mat.

:func:`player_html` turns a :class:`~hipcourse.models.routine.Routine` into a single page
that runs the routine's timer on a phone or a laptop with no server and no network: the
pose pictures are inlined as ``data:`` URIs, the beeps are made by the Web Audio API, the
cues can optionally be spoken (``speechSynthesis``, where the browser has a voice), and the
screen is kept awake with the Screen Wake Lock API where the browser allows it (a page
opened from ``file://`` or served from ``127.0.0.1`` is a secure context; plain ``http``
on a LAN is not, and the page says so).

What the page plays is computed here, in Python, by the models: the segments and cues of
:func:`hipcourse.models.routine.timeline` (get-ready pauses, holds, switches, the 3-2-1
counts) and the closing line of :func:`~hipcourse.models.routine.done_summary`. The
JavaScript only keeps the clock and shows the segment it is in; it computes no dose and
no timing of its own.

The page's code lives in ``hipcourse/templates/hipcourse_player/`` (``player.html``,
``player.css``, ``player.js``). The routine goes into the page as JSON inside a
``<script type="application/json">`` element, with ``<``, ``>`` and ``&`` written as JSON
escapes so no text can close the element; the script puts every piece of text into the
page with ``textContent``, so text a user typed (a name, a title) is never parsed as HTML.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from hipcourse.content.catalog import load_catalog
from hipcourse.kit.checks import InputError
from hipcourse.kit.files import OverwriteError, os_error_text, safe_write_text
from hipcourse.kit.resources import TEMPLATES_DIR
from hipcourse.models.routine import Routine, RoutineFileError, format_duration, timeline
from hipcourse.views.lesson import safety_text
from hipcourse.views.routine_html import clean_text, data_uri, dose_text, pose_png

#: Cue kind -> (tone frequencies in Hz, seconds per tone): the beeps of the player and of
#: the notebook's follow-along timer. A sound for every cue kind the timeline emits.
CUE_TONES = {
    "count": ((880,), 0.12),
    "start": ((660,), 0.25),
    "switch": ((440, 660), 0.18),
    "end": ((784, 523), 0.3),
    "done": ((523, 659, 784), 0.25),
}
#: When several cues fall due at once, the player sounds only the first kind in this order.
CUE_PRIORITY = ("done", "end", "switch", "start", "count")
PLAYER_DIR = TEMPLATES_DIR / "hipcourse_player"
#: Marks a file as written by :func:`write_player` (so writing it again may replace it).
GENERATOR = "hipcourse-player"
TITLE_MAX = 100


def _json_for_script(obj) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``, ``&``
    (and the two JavaScript line separators) are escaped, so ``</script>`` cannot occur."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def player_data(routine: Routine, *, title: str = "", figures_dir=None) -> dict:
    """Everything the player page shows, as JSON-ready data.

    ``segments`` is :func:`hipcourse.models.routine.timeline` as it is (start and length of
    every segment in whole seconds, and its cues); ``steps`` holds what the page shows for
    each step (name, dose, cues, cautions, picture id); ``pictures`` maps a stretch id to
    its pose figure as a ``data:`` URI (each figure once) with its alt text.
    """
    if not isinstance(routine, Routine):
        raise InputError("routine", type(routine).__name__, "a Routine")
    title = clean_text("title", title, TITLE_MAX)
    cat = load_catalog()
    pictures, steps = {}, []
    for st in routine.steps:
        s = cat.stretch(st.stretch_id)
        if s.id not in pictures:
            png, alt = pose_png(s.id, figures_dir)
            pictures[s.id] = {
                "src": data_uri(png) if png is not None else None,
                "alt": alt,
                "setup": list(s.setup),
            }
        steps.append(
            {
                "id": s.id,
                "name": s.name,
                "group": cat.group(st.group).name,
                "dose": dose_text(st),
                "position": st.position,
                "cues": list(s.cues),
                "cautions": list(s.cautions),
            }
        )
    segments = [
        {
            "kind": seg.kind,
            "step": seg.step_index,
            "side": seg.side,
            "rep": seg.rep,
            "start_s": seg.start_s,
            "duration_s": seg.duration_s,
            "text": seg.text,
            "cues": [{"at_s": c.at_s, "kind": c.kind, "text": c.text} for c in seg.cues],
        }
        for seg in timeline(routine)
    ]
    return {
        "format": GENERATOR,
        "version": 1,
        "title": title or "Your stretching routine",
        "total_s": routine.total_s,
        "total_text": format_duration(routine.total_s),
        "steps": steps,
        "segments": segments,
        "pictures": pictures,
        "tones": {k: {"hz": list(f), "s": s} for k, (f, s) in CUE_TONES.items()},
        "cue_priority": list(CUE_PRIORITY),
        "safety": " ".join(safety_text().replace("**", "").split()),
    }


def player_html(routine: Routine, *, title: str = "", figures_dir=None) -> str:
    """The player as one self-contained HTML page (see the module docstring).

    Parameters
    ----------
    routine : Routine
        The routine to play; its timeline comes from :func:`hipcourse.models.routine.timeline`.
    title : str
        Shown at the top (text as typed, at most 100 characters; never parsed as HTML).
    figures_dir : path, optional
        Folder of pose figures; default ``figures/stretches``.
    """
    data = player_data(routine, title=title, figures_dir=figures_dir)
    page = (PLAYER_DIR / "player.html").read_text(encoding="utf-8")
    parts = {
        "__TITLE__": html.escape(data["title"]),
        "__CSS__": (PLAYER_DIR / "player.css").read_text(encoding="utf-8"),
        "__JS__": (PLAYER_DIR / "player.js").read_text(encoding="utf-8"),
        "__GENERATOR__": GENERATOR,
        "__DATA__": _json_for_script(data),
    }
    found = set(re.findall(r"__[A-Z]+__", page))
    if found != set(parts):
        raise RuntimeError(
            f"{PLAYER_DIR / 'player.html'}: placeholders {sorted(found)}, expected {sorted(parts)}"
        )
    # one pass: a value (e.g. a title typed as "__DATA__") is never scanned again
    page = re.sub(r"__[A-Z]+__", lambda m: parts[m.group(0)], page)
    return page


def write_player(
    routine: Routine, path, *, title: str = "", figures_dir=None, force: bool = False
) -> Path:
    """Write the player page to ``path`` atomically; returns the path.

    Like every file hipcourse writes (:func:`hipcourse.kit.files.safe_write_text`), an
    existing file is replaced only if hipcourse wrote it and nobody changed it since (or
    with ``force=True``); any other file is left untouched.

    Raises
    ------
    InputError
        A bad title.
    RoutineFileError
        A ``ValueError`` naming the file and the reason: it exists and hipcourse did not
        write it, it is a folder, or it cannot be written (read-only or full disk, a file
        where a folder should be). Nothing is left half-written.
    """
    text = player_html(routine, title=title, figures_dir=figures_dir)
    path = Path(path)
    if path.is_dir():
        raise RoutineFileError(path, "is a folder; give a file name such as player.html")
    try:
        return safe_write_text(path, text, force=force)
    except OverwriteError as exc:
        raise RoutineFileError(path, f"{exc}; it was left untouched") from None
    except OSError as exc:
        raise RoutineFileError(
            path, f"cannot be written ({os_error_text(exc, path)}); nothing was written"
        ) from None


__all__ = ["player_data", "player_html", "write_player", "CUE_TONES", "CUE_PRIORITY"]
