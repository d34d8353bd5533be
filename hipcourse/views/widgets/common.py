"""What every widget shares: a message box, and callbacks that show errors, never tracebacks."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as W


def message_box() -> W.HTML:
    """An (initially empty) HTML widget for error and status messages."""
    return W.HTML(value="", layout=W.Layout(min_height="1.5em"))


def show_message(box: W.HTML, text: str, kind: str = "error") -> None:
    """Show ``text`` (escaped) in ``box``; kind is "error", "ok" or "" to clear."""
    if not text:
        box.value = ""
        return
    colour = {"error": "#D55E00", "ok": "#009E73"}.get(kind, "#000000")
    icon = {"error": "⚠ ", "ok": "✓ "}.get(kind, "")
    box.value = f'<span style="color:{colour}">{icon}{html.escape(text)}</span>'


def guarded(box: W.HTML, fn: Callable) -> Callable:
    """Wrap a widget callback: a ValueError shows its message in ``box`` instead of a traceback."""

    def wrapper(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
        except ValueError as exc:
            show_message(box, str(exc), "error")
            return None
        show_message(box, "")
        return result

    return wrapper
