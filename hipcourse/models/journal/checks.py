"""Checks of what goes into the journal: routines, completed steps, how it felt."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hipcourse.content.catalog import GROUP_IDS, Catalog, load_catalog
from hipcourse.kit.checks import InputError, choice, integer, number
from hipcourse.models.routine import FILE_FORMAT as ROUTINE_FILE_FORMAT
from hipcourse.models.routine import STEP_SIDES as ROUTINE_SIDES
from hipcourse.models.routine import routine_from_dict


# --------------------------------------------------------------------------- validation
def check_routine(
    routine: Any, catalog: Catalog | None = None, *, where: str = "", known_stretches: bool = True
) -> dict:
    """A saved routine (the routine builder's JSON) as a plain dict, or InputError.

    The format is ``{"total_s": ..., "steps": [{"stretch_id", "group", "side", "hold_s",
    "reps", "reason"}, ...], ...}``; extra keys are kept. Every stretch must be in the
    catalog and belong to the stated group. ``known_stretches=False`` (a routine read
    back from the journal) checks the shape only, so a session recorded before the
    catalog changed stays readable: each ``stretch_id`` must be text and each ``group``
    one of the five groups.
    """
    cat = catalog or load_catalog()
    if not isinstance(routine, Mapping) and hasattr(routine, "to_dict"):
        routine = routine.to_dict()
    if (
        known_stretches
        and isinstance(routine, Mapping)
        and routine.get("format") == ROUTINE_FILE_FORMAT
    ):
        try:  # a file saved by the routine builder: its own full check first
            routine_from_dict(dict(routine), cat)
        except ValueError as exc:
            raise InputError(
                "routine", "<saved routine>", f"a valid saved routine ({exc})", where=where
            ) from None
    if not isinstance(routine, Mapping):
        raise InputError(
            "routine",
            type(routine).__name__,
            'a routine object {"total_s": ..., "steps": [...]}',
            where=where,
        )
    try:
        routine = json.loads(json.dumps(routine))
    except (TypeError, ValueError):
        raise InputError(
            "routine", "<not JSON>", "a routine made of JSON values", where=where
        ) from None
    if "total_s" not in routine:
        raise InputError("total_s", None, "the routine's total time in seconds", where=where)
    number("total_s", routine["total_s"], 0, 24 * 3600, unit="s", where=where)
    steps = routine.get("steps")
    if not isinstance(steps, list) or not steps:
        raise InputError("steps", steps, "a non-empty list of routine steps", where=where)
    for i, step in enumerate(steps, 1):
        w = f"{where + ', ' if where else ''}step {i}"
        if not isinstance(step, dict):
            raise InputError(
                "step",
                step,
                "an object with stretch_id, group, side, hold_s, reps and reason",
                where=w,
            )
        for key in ("stretch_id", "group", "side", "hold_s", "reps", "reason"):
            if key not in step:
                raise InputError(key, None, "present in every step", where=w)
        sid = step["stretch_id"]
        if known_stretches:
            if sid not in [s.id for s in cat.stretches]:
                raise InputError(
                    "stretch_id",
                    sid,
                    "a stretch id from the catalog (see `hipcourse stretches`)",
                    where=w,
                )
            choice("group", step["group"], [cat.stretch(sid).group], where=w)
        else:
            if not isinstance(sid, str) or not sid:
                raise InputError("stretch_id", sid, "a stretch id (text)", where=w)
            choice("group", step["group"], GROUP_IDS, where=w)
        choice("side", step["side"], ROUTINE_SIDES, where=w)
        number("hold_s", step["hold_s"], 1, 600, unit="s", where=w)
        integer("reps", step["reps"], 1, 20, where=w)
        if not isinstance(step["reason"], str):
            raise InputError("reason", step["reason"], "text", where=w)
    return routine


def load_routine_file(path: str | os.PathLike) -> dict:
    """Read a routine JSON file (saved by the routine builder, or ``hipcourse routine
    --json`` output) and check it with :func:`check_routine`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            "--routine",
            str(path),
            f"a readable UTF-8 JSON file ({getattr(exc, 'strerror', None) or exc})",
        ) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(
            "--routine",
            str(path),
            f"a routine JSON file (broken JSON at line {exc.lineno}, column {exc.colno})",
        ) from None
    return check_routine(data, where=path.name)


def check_done(done: Any, n_steps: int, *, where: str = "") -> tuple[int, ...]:
    """Completed step numbers (1-based, as the routine shows them) or InputError.

    Accepts ``"1,2,3"`` or an iterable of whole numbers; no repeats; sorted on return.
    """
    allowed = f"step numbers from 1 to {n_steps}, each once, e.g. 1,2,3"
    raw = done
    if isinstance(done, str):
        parts = [p.strip() for p in done.split(",")]
        if not done.strip() or any(not p for p in parts):
            raise InputError("done", raw, allowed, where=where)
        done = parts
    try:
        items = list(done)
    except TypeError:
        raise InputError("done", raw, allowed, where=where) from None
    if not items:
        raise InputError("done", raw, allowed, where=where)
    nums = []
    for x in items:
        try:
            nums.append(integer("done", x, 1, n_steps, where=where))
        except InputError:
            raise InputError("done", raw, allowed, where=where) from None
    if len(set(nums)) != len(nums):
        raise InputError("done", raw, allowed, where=where)
    return tuple(sorted(nums))


def check_felt(felt: Any, *, field: str = "felt", where: str = "") -> int | None:
    """How it felt, a whole number 0-10 (None: not given)."""
    if felt is None or felt == "":
        return None
    return integer(field, felt, 0, 10, where=where)


def check_felt_steps(felt_steps: Any, done: tuple[int, ...], *, where: str = "") -> dict[str, int]:
    """``{step number: 0..10}`` for completed steps only; keys stored as strings."""
    if felt_steps is None:
        return {}
    if not isinstance(felt_steps, Mapping):
        raise InputError("felt_steps", felt_steps, "a mapping of step number to 0..10", where=where)
    out = {}
    for k, v in felt_steps.items():
        step = integer("felt_steps", k, 1, None, where=where)
        if step not in done:
            raise InputError(
                "felt_steps",
                k,
                f"the number of a completed step ({', '.join(map(str, done))})",
                where=where,
            )
        out[str(step)] = check_felt(v, field=f"felt_steps[{step}]", where=where)
        if out[str(step)] is None:
            raise InputError(f"felt_steps[{step}]", v, "a whole number from 0 to 10", where=where)
    return {k: out[k] for k in sorted(out, key=int)}
