"""Small input checks shared by every model (no domain logic, no heavy imports).

Every check raises :class:`InputError`, a :class:`ValueError` whose message names the
field, the bad value and what is allowed, so the CLI and the widgets can show it as is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any


class InputError(ValueError):
    """Bad input: the message names the field, the value and what is allowed."""

    def __init__(self, field: str, value: Any, allowed: str, *, where: str = ""):
        self.field = field
        self.value = value
        self.allowed = allowed
        prefix = f"{short_path(where)}: " if where else ""
        super().__init__(
            f"{prefix}{short_path(field, 60)} = {shown(value)} is not allowed; expected {allowed}"
        )


#: How many characters of a bad value an error message shows.
SHOWN_CHARS = 40


def shown(value: Any, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` cut to ``limit`` characters (with ``...``), for one-line errors.

    >>> shown("x" * 100, 12)
    "'xxxxxxxx..."
    """
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__, or an int too long to print
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def number(
    field: str,
    value: Any,
    lo: float | None = None,
    hi: float | None = None,
    *,
    unit: str = "",
    where: str = "",
) -> float:
    """Return ``value`` as a finite float within ``[lo, hi]`` or raise :class:`InputError`.

    Parameters
    ----------
    field : str
        The name an error gives the value, with its unit (``"hold_s"``).
    value : Any
        A number, or text that reads as one; booleans, NaN and infinities are refused.
    lo, hi : float, optional
        Inclusive bounds, in the value's unit.
    unit : str
        The unit an error message names (``"deg"``, ``"s"``).
    where : str
        Context put before an error message (``"poses[2]"``).

    Returns
    -------
    float

    Examples
    --------
    >>> number("hold_s", "30", 10, 60, unit="s")
    30.0
    >>> number("hip_flexion_deg", 130, -30, 120, unit="deg")
    Traceback (most recent call last):
    ...
    hipcourse.kit.checks.InputError: hip_flexion_deg = 130 is not allowed; expected a number from -30 to 120 deg
    >>> number("hold_s", float("nan"))
    Traceback (most recent call last):
    ...
    hipcourse.kit.checks.InputError: hold_s = nan is not allowed; expected a finite number
    """  # noqa: E501
    u = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        allowed = f"a number from {lo:g} to {hi:g}{u}"
    elif lo is not None:
        allowed = f"a number of at least {lo:g}{u}"
    elif hi is not None:
        allowed = f"a number of at most {hi:g}{u}"
    else:
        allowed = f"a finite number{u}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            if isinstance(value, bool) or (isinstance(value, str) and "_" in value):
                raise TypeError  # Python reads "1_5" as 15: a typo, not a number
            value_f = float(value)
        except (TypeError, ValueError, OverflowError):
            raise InputError(field, value, allowed, where=where) from None
    else:
        try:
            value_f = float(value)
        except OverflowError:  # an int too large for a float
            raise InputError(field, value, allowed, where=where) from None
    if not math.isfinite(value_f):
        raise InputError(field, value, allowed, where=where)
    if (lo is not None and value_f < lo) or (hi is not None and value_f > hi):
        raise InputError(field, value, allowed, where=where)
    return value_f


def integer(
    field: str, value: Any, lo: int | None = None, hi: int | None = None, *, where: str = ""
) -> int:
    """Return ``value`` as an int within ``[lo, hi]`` or raise :class:`InputError`.

    Parameters
    ----------
    field : str
        The name an error gives the value (``"reps"``).
    value : Any
        An int, a float with no fraction, or text that reads as a whole number; booleans
        are refused.
    lo, hi : int, optional
        Inclusive bounds.
    where : str
        Context put before an error message.

    Returns
    -------
    int

    Examples
    --------
    >>> integer("reps", 3.0, 1, 10)
    3
    >>> integer("reps", True, 1, 10)
    Traceback (most recent call last):
    ...
    hipcourse.kit.checks.InputError: reps = True is not allowed; expected a whole number from 1 to 10
    """  # noqa: E501
    if lo is not None and hi is not None:
        allowed = f"a whole number from {lo} to {hi}"
    elif lo is not None:
        allowed = f"a whole number of at least {lo}"
    else:
        allowed = "a whole number"
    if isinstance(value, bool):
        raise InputError(field, value, allowed, where=where)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        try:
            if "_" in value:  # Python reads "1_5" as 15: a typo, not a number
                raise ValueError
            value = int(value.strip())
        except ValueError:
            raise InputError(field, value, allowed, where=where) from None
    import numbers

    if isinstance(value, numbers.Integral) and not isinstance(value, int):
        value = int(value)  # numpy integers
    if not isinstance(value, int):
        raise InputError(field, value, allowed, where=where)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InputError(field, value, allowed, where=where)
    return value


def choice(field: str, value: Any, allowed: Iterable[str], *, where: str = "") -> str:
    """Return ``value`` if it is one of ``allowed`` or raise :class:`InputError`.

    Parameters
    ----------
    field : str
        The name an error gives the value.
    value : Any
        The value; only a string can match.
    allowed : iterable of str
        The allowed values, listed in an error in this order.
    where : str
        Context put before an error message.

    Returns
    -------
    str

    Examples
    --------
    >>> choice("side", "left", ("left", "right", "both"))
    'left'
    >>> choice("side", "up", ("left", "right"), where="row 2")
    Traceback (most recent call last):
    ...
    hipcourse.kit.checks.InputError: row 2: side = 'up' is not allowed; expected one of left, right
    """
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise InputError(field, value, "one of " + ", ".join(allowed), where=where)
    return value


def short_path(path, limit: int = 400) -> str:
    """``path`` as text, its middle cut out past ``limit`` characters (for one-line errors)."""
    text = str(path)
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return text[:half] + "..." + text[-half:]


def instance(field: str, value: Any, kind, what: str, *, where: str = "") -> Any:
    """Return ``value`` if it is an instance of ``kind`` (a type or tuple), else raise a
    ``TypeError`` naming the field, the value and ``what`` is expected.

    >>> instance("routine", "abc", dict, "a routine (from build_routine)")
    Traceback (most recent call last):
    ...
    TypeError: routine = 'abc' is not allowed; expected a routine (from build_routine)
    """
    if isinstance(value, bool) and kind not in (bool, object):
        ok = False
    else:
        ok = isinstance(value, kind)
    if not ok:
        prefix = f"{where}: " if where else ""
        raise TypeError(f"{prefix}{field} = {shown(value)} is not allowed; expected {what}")
    return value
