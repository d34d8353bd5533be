"""Strict TOML tables: read a content file and pull typed fields out of its tables.

Every content file of the course (``muscles.toml``, ``stretches.toml``,
``assessments.toml``) is read through :func:`read_toml` and checked field by field with a
:class:`TableReader`. A broken file fails with a :class:`CatalogError` that names the file,
the entry id, the field and the bad value; nothing is dropped silently.

Examples
--------
>>> r = TableReader("demo.toml", {"id": "calf", "hold_s": 30, "sides": ["left"]}, "stretch", 0)
>>> r.entry, r.integer("hold_s", 10, 120), r.texts("sides", allowed=("left", "right"))
('calf', 30, ('left',))
>>> r.number_in(r.table, "hold_s", "")
30.0
>>> r.integer("hold_s", 40, 120)
Traceback (most recent call last):
...
hipcourse.content.tables.CatalogError: demo.toml, entry 'calf': field 'hold_s' = 30: must be a whole number from 40 to 120
"""  # noqa: E501

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any


class CatalogError(ValueError):
    """A catalog file is broken. The message names file, entry, field and value."""

    def __init__(
        self, path: Path | str, entry: str | None, field_name: str, value: Any, problem: str
    ):
        self.path = Path(path)
        self.entry = entry
        self.field = field_name
        self.value = value
        from hipcourse.kit.checks import short_path, shown

        where = short_path(self.path.name, 80)
        if entry:
            where += f", entry {shown(entry, 60)}"
        super().__init__(f"{where}: field {shown(field_name, 60)} = {shown(value, 80)}: {problem}")


def read_toml(path: Path | str) -> dict:
    """Parse one TOML content file.

    Parameters
    ----------
    path : path
        The file to read.

    Returns
    -------
    dict
        The parsed document.

    Raises
    ------
    CatalogError
        The file cannot be read or is not valid TOML (field ``<file>``).
    """
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(path, None, "<file>", str(path), f"not valid TOML ({exc})") from None
    except OSError as exc:
        raise CatalogError(
            path, None, "<file>", str(path), f"cannot be read ({exc.strerror})"
        ) from None


def suggestion(name: str, allowed) -> str:
    """`` (did you mean `x`?)`` for the allowed name nearest to ``name`` (difflib), or ""."""
    import difflib

    near = difflib.get_close_matches(str(name), list(allowed), n=1, cutoff=0.6)
    return f" (did you mean `{near[0]}`?)" if near else ""


def key_line(path: Path | str, key: str, entry: str | None = None) -> int | None:
    """The line of ``path`` where ``key`` is set (in the table whose ``id`` is ``entry``,
    when given), for error messages; None if it cannot be found."""
    import re

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    start = 0
    if entry:
        pat = re.compile(r"^\s*id\s*=\s*[\"']" + re.escape(entry) + r"[\"']")
        start = next((i for i, ln in enumerate(lines) if pat.match(ln)), 0)
        while start > 0 and not lines[start].lstrip().startswith("["):
            start -= 1
    pat = re.compile(r"^\s*(\[\[?\s*)?[\"']?" + re.escape(key) + r"[\"']?\s*(=|\.|\]|\s)")
    for i in range(start, len(lines)):
        if pat.match(lines[i]):
            return i + 1
    return None


def check_keys(
    path: Path | str, table: dict, allowed, *, entry: str | None = None, what: str = "key"
) -> None:
    """Refuse a key of ``table`` not in ``allowed``: :class:`CatalogError` naming the file,
    the line, the key and the nearest allowed key. A typo ("aviod") must never make the
    catalog silently drop a rule."""
    allowed = list(allowed)
    for key in table:
        if key not in allowed:
            line = key_line(path, key, entry)
            at = f"line {line}: " if line else ""
            raise CatalogError(
                path,
                entry,
                str(key),
                table[key]
                if not isinstance(table[key], (dict, list))
                else f"<{type(table[key]).__name__}>",
                f"{at}unknown {what}{suggestion(key, allowed)}; allowed: " + ", ".join(allowed),
            )


class TableReader:
    """Pulls typed fields out of one TOML table, with errors that name everything.

    Parameters
    ----------
    path : path
        The file the table comes from (named in every error).
    table : Any
        The table; anything but a dict fails (field ``<entry>``).
    kind : str
        What an entry is (``"stretch"``, ``"test"``): an entry without an ``id`` is named
        ``"<kind> #<index + 1>"``.
    index : int
        Position of the table in its array (0-based).
    """

    def __init__(self, path: Path | str, table: Any, kind: str, index: int):
        self.path = Path(path)
        if not isinstance(table, dict):
            raise CatalogError(path, f"{kind} #{index + 1}", "<entry>", table, "must be a table")
        self.table = table
        ident = table.get("id")
        self.entry = ident if isinstance(ident, str) and ident else f"{kind} #{index + 1}"

    def fail(self, name: str, value: Any, problem: str):
        """Raise the :class:`CatalogError` for field ``name`` of this entry.

        Parameters
        ----------
        name : str
            The field.
        value : Any
            The bad value.
        problem : str
            What is wrong, e.g. ``"must be a number"``.

        Raises
        ------
        CatalogError
            Always.
        """
        raise CatalogError(self.path, self.entry, name, value, problem)

    def get(self, name: str, default: Any = ...):
        """The raw value of ``name``; missing fails unless a ``default`` is given.

        Parameters
        ----------
        name : str
            The field.
        default : Any, optional
            Returned when the field is missing; without it a missing field fails.

        Returns
        -------
        Any
        """
        if name not in self.table:
            if default is ...:
                self.fail(name, None, "is missing")
            return default
        return self.table[name]

    def text(self, name: str, default: Any = ...) -> str:
        """A string field; a required one must not be blank.

        Parameters
        ----------
        name : str
            The field.
        default : Any, optional
            Returned when the field is missing.

        Returns
        -------
        str
        """
        v = self.get(name, default)
        if not isinstance(v, str) or (default is ... and not v.strip()):
            self.fail(name, v, "must be a non-empty string")
        return v

    def texts(
        self, name: str, default: Any = ..., *, allowed=None, nonempty=True
    ) -> tuple[str, ...]:
        """A list of non-empty strings, each in ``allowed`` if given.

        Parameters
        ----------
        name : str
            The field.
        default : Any, optional
            Returned when the field is missing.
        allowed : iterable of str, optional
            The only values allowed.
        nonempty : bool
            Whether an empty list fails.

        Returns
        -------
        tuple of str
        """
        v = self.get(name, default)
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            self.fail(name, v, "must be a list of non-empty strings")
        if nonempty and not v:
            self.fail(name, v, "must not be empty")
        if allowed is not None:
            for x in v:
                if x not in allowed:
                    self.fail(name, x, "is not one of " + ", ".join(allowed))
        return tuple(v)

    def integer(self, name: str, lo: int, hi: int) -> int:
        """A whole number from ``lo`` to ``hi`` (booleans are not numbers).

        Parameters
        ----------
        name : str
            The field.
        lo, hi : int
            Inclusive bounds.

        Returns
        -------
        int
        """
        v = self.get(name)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            self.fail(name, v, f"must be a whole number from {lo} to {hi}")
        return v

    def choice(self, name: str, allowed) -> str:
        """A value that must be one of ``allowed``.

        Parameters
        ----------
        name : str
            The field.
        allowed : iterable of str
            The allowed values.

        Returns
        -------
        str
        """
        v = self.get(name)
        if v not in allowed:
            self.fail(name, v, "must be one of " + ", ".join(allowed))
        return v

    def subtable(self, name: str) -> dict:
        """A required sub-table of this entry (e.g. ``[test.normal]``).

        Parameters
        ----------
        name : str
            The field.

        Returns
        -------
        dict
        """
        t = self.get(name)
        if not isinstance(t, dict):
            self.fail(name, t, "must be a table")
        return t

    def number_in(self, table: dict, name: str, prefix: str, default: Any = ...) -> float | None:
        """A finite number from ``table`` (this entry's table or a sub-table of it).

        ``prefix`` (e.g. ``"normal."``) is put before ``name`` in an error; a missing field
        fails unless a ``default`` is given.

        Parameters
        ----------
        table : dict
            The table to read from.
        name : str
            The field.
        prefix : str
            Put before ``name`` in an error.
        default : Any, optional
            Returned when the field is missing.

        Returns
        -------
        float or the default
        """
        if name not in table:
            if default is ...:
                self.fail(f"{prefix}{name}", None, "is missing")
            return default
        v = table[name]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            self.fail(f"{prefix}{name}", v, "must be a number")
        return float(v)

    def text_in(self, table: dict, name: str, prefix: str) -> str:
        """A non-empty string from ``table`` (this entry's table or a sub-table of it).

        Parameters
        ----------
        table : dict
            The table to read from.
        name : str
            The field.
        prefix : str
            Put before ``name`` in an error.

        Returns
        -------
        str
        """
        v = table.get(name)
        if not isinstance(v, str) or not v.strip():
            self.fail(f"{prefix}{name}", v, "must be a non-empty string")
        return v
