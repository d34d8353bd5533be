"""Saved routines: the ``hipcourse-routine`` JSON file, read back with every rule checked."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hipcourse.content.catalog import POSITIONS, Catalog, load_catalog
from hipcourse.kit.checks import InputError, choice
from hipcourse.kit.files import atomic_write_bytes, atomic_write_text, os_error_text
from hipcourse.models.routine.build import _ruled_out, step_side
from hipcourse.models.routine.dose import guidance
from hipcourse.models.routine.request import (
    FILE_FORMAT,
    FILE_VERSION,
    POSITION_CHANGE_S,
    ROLES,
    STEP_SIDES,
    RoutineRequest,
)
from hipcourse.models.routine.steps import Excluded, Routine, Step


# --------------------------------------------------------------------------- files
class RoutineFileError(ValueError):
    """A routine file cannot be read or written; the message names the file."""

    def __init__(self, path, problem: str):
        self.path = Path(path)
        self.problem = problem
        from hipcourse.kit.checks import short_path

        super().__init__(f"{short_path(self.path)}: {problem}")


def _check(where: str, cond: bool, problem: str):
    if not cond:
        raise ValueError(f"{where} {problem}")


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_EDITED = "the file was changed by hand or damaged; build the routine again instead"


def _verify_steps(request: RoutineRequest, steps: tuple[Step, ...], cat: Catalog) -> None:
    """Check loaded steps against the rules :func:`build_routine` follows for ``request``.

    Every rule a saved routine must keep is checked step by step: what the restrictions
    rule out on the whole body in every hold (:func:`hipcourse.models.restrictions.rules_out`,
    with the request's operated side; a restriction such as acute pain allows no step
    at all), the positions, position limits and the session type's positions, equipment,
    the side, the role, a rung no higher than the learner's (or the easiest one left),
    hold and repetitions within the dose rules, and the transition time. Raises
    ``ValueError`` naming the step (1-based, as the routine table numbers it) and the rule.
    """
    restrictions = [cat.restriction(r) for r in request.restrictions]
    stop = [r for r in restrictions if r.excludes_all]
    if stop and steps:
        raise ValueError(
            f"steps: the request lists {stop[0].name!r}, which allows no "
            f"stretches at all, but the file has {len(steps)}; {_EDITED}"
        )
    dose = guidance(request)
    roles = ("preparation", "working") if request.session == "focused" else ("easy",)
    prev = None
    for n, step in enumerate(steps, 1):
        s = cat.stretch(step.stretch_id)
        w = f"step {n} ({s.id})"
        why = _ruled_out(s, request, restrictions)
        if why:
            raise ValueError(f"{w} is ruled out by the routine's own request: {why}; {_EDITED}")
        side = step_side(s, request)
        _check(
            f"{w}: side",
            step.side == side,
            f"= {step.side!r} does not match the request (sides = {request.sides!r}; this "
            f"stretch is done {'one side at a time' if s.sides == 2 else 'with both legs'},"
            f" so {side!r}); {_EDITED}",
        )
        _check(
            f"{w}: role",
            step.role in roles,
            f"= {step.role!r} is not allowed in a {request.session} session; expected "
            f"{' or '.join(repr(r) for r in roles)}; {_EDITED}",
        )
        rungs = [x for x in cat.ladder(s.group) if not _ruled_out(x, request, restrictions)]
        cap = max(request.level(s.group), rungs[0].level)
        _check(
            f"{w}: level",
            s.level <= cap,
            f"= {s.level} is above the learner's rung on the {s.group} ladder "
            f"({request.level(s.group)}) in the request; {_EDITED}",
        )
        _check(
            f"{w}: hold_s",
            dose.lo <= step.hold_s <= dose.std,
            f"= {step.hold_s} is not allowed; expected a whole number from {dose.lo} to "
            f"{dose.std} s (ACSM guidance{' for older adults' if request.older_adult else ''})",
        )
        most = 1 if step.role == "preparation" else dose.max_reps
        _check(
            f"{w}: reps",
            1 <= step.reps <= most,
            f"= {step.reps} is not allowed; expected a whole number from 1 to {most} "
            f"for a {step.role} step in a {request.session} session",
        )
        move = (
            0
            if prev is None
            else POSITION_CHANGE_S
            * abs(POSITIONS.index(s.position) - POSITIONS.index(prev.position))
        )
        _check(
            f"{w}: transition_s",
            step.transition_s == request.get_ready_s + move,
            f"= {step.transition_s} does not match the request: expected "
            f"{request.get_ready_s + move} (get ready {request.get_ready_s} s + {move} s "
            f"to change position); {_EDITED}",
        )
        prev = s


def routine_from_dict(data: Any, catalog: Catalog | None = None) -> Routine:
    """Rebuild a :class:`Routine` from :meth:`Routine.to_dict` output, checking everything.

    Raises ``ValueError`` naming the first field (and step) that is wrong.

    Notes
    -----
    A saved file holds both the request and the steps, and either can be edited by hand.
    The steps are therefore verified against the stored request, rule by rule (see
    :func:`_verify_steps`): a file whose request gained a restriction (e.g. a posterior hip
    replacement, pregnancy, acute pain) or a position limit that rules out one of its
    steps is refused, naming the step and the reason.

    Why verify rather than rebuild with :func:`build_routine` and compare: a saved routine
    must stay loadable when the catalog grows or its wording changes (an instructor adds a
    stretch or rewrites a reason in ``stretches.toml``), and the journal keeps the
    routines of past sessions and checks them with this function on every read. Comparing
    with a fresh build would turn every such edit into "your saved routines are invalid";
    checking the rules refuses only what is actually unsafe or inconsistent, with a
    precise message. A routine saved by the builder itself always passes (tested by the
    round-trip tests).
    """
    cat = catalog or load_catalog()
    _check("the file", isinstance(data, dict), "must hold a JSON object")
    _check(
        "format",
        data.get("format") == FILE_FORMAT,
        f"= {data.get('format')!r}: expected {FILE_FORMAT!r} (this is not a saved routine)",
    )
    _check(
        "version",
        data.get("version") == FILE_VERSION,
        f"= {data.get('version')!r}: this version of hipcourse reads version {FILE_VERSION}",
    )
    request = RoutineRequest.from_dict(data.get("request"))
    keys = {
        "group",
        "stretch_id",
        "side",
        "hold_s",
        "reps",
        "reason",
        "level",
        "position",
        "role",
        "transition_s",
    }
    steps = []
    raw_steps = data.get("steps")
    _check("steps", isinstance(raw_steps, list), "must be a list")
    for i, st in enumerate(raw_steps):
        w = f"step {i + 1}"
        _check(
            w,
            isinstance(st, dict) and set(st) == keys,
            f"must have exactly the fields {', '.join(sorted(keys))}",
        )
        try:
            s = cat.stretch(st["stretch_id"])
        except KeyError:
            raise ValueError(
                f"{w}: stretch_id = {st['stretch_id']!r} is not in the catalog"
            ) from None
        w = f"step {i + 1} ({s.id})"
        for k, truth in (("group", s.group), ("level", s.level), ("position", s.position)):
            _check(
                f"{w}: {k}",
                type(st[k]) is type(truth) and st[k] == truth,
                f"= {st[k]!r} does not match the catalog ({truth!r})",
            )
        choice(f"{w}: side", st["side"], STEP_SIDES)
        choice(f"{w}: role", st["role"], ROLES)
        for k in ("hold_s", "reps", "transition_s"):
            _check(f"{w}: {k}", _whole(st[k]), f"= {st[k]!r}: expected a whole number")
        _check(f"{w}: reason", isinstance(st["reason"], str), "must be text")
        steps.append(Step(**st))
    excluded = []
    raw_ex = data.get("excluded")
    _check("excluded", isinstance(raw_ex, list), "must be a list")
    for i, e in enumerate(raw_ex):
        w = f"excluded[{i}]"
        _check(
            w,
            isinstance(e, dict) and set(e) == {"stretch_id", "group", "level", "reason"},
            "must have the fields group, level, reason, stretch_id",
        )
        try:
            s = cat.stretch(e["stretch_id"])
        except KeyError:
            raise ValueError(
                f"{w}.stretch_id = {e['stretch_id']!r} is not in the catalog"
            ) from None
        for k, truth in (("group", s.group), ("level", s.level)):
            _check(
                f"{w}.{k}",
                type(e[k]) is type(truth) and e[k] == truth,
                f"= {e[k]!r} does not match the catalog ({truth!r})",
            )
        _check(f"{w}.reason", isinstance(e["reason"], str), "must be text")
        excluded.append(Excluded(**e))
    notes = data.get("notes")
    _check(
        "notes",
        isinstance(notes, list) and all(isinstance(n, str) for n in notes),
        "must be a list of text",
    )
    message = data.get("message", "")
    _check("message", isinstance(message, str), "must be text")
    _verify_steps(request, tuple(steps), cat)
    routine = Routine(request, tuple(steps), tuple(excluded), tuple(notes), message)
    _check(
        "total_s",
        data.get("total_s") == routine.total_s,
        f"= {data.get('total_s')!r} does not match its steps ({routine.total_s}): "
        "the file was changed by hand or damaged",
    )
    _check(
        "total_s",
        routine.total_s <= routine.budget_s,
        f"= {routine.total_s} is over the budget of {routine.budget_s} s",
    )
    return routine


def routine_from_json(text: str, source: str = "<text>") -> Routine:
    """Parse a saved routine; errors name ``source`` and the problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RoutineFileError(
            source,
            f"not a valid routine file: broken JSON at line "
            f"{exc.lineno}, column {exc.colno} (damaged, truncated "
            "or edited by hand?)",
        ) from None
    except RecursionError:
        raise RoutineFileError(source, "not a valid routine file: nested too deeply") from None
    try:
        return routine_from_dict(data)
    except ValueError as exc:
        raise RoutineFileError(source, f"not a valid routine file: {exc}") from None


def load_routine(path) -> Routine:
    """Load a routine saved by :func:`save_routine`.

    Raises
    ------
    RoutineFileError
        The file is missing, unreadable, truncated, damaged or edited into something that
        is not a valid routine -- including steps that its own request rules out (see
        :func:`routine_from_dict`). The message names the file. The file is never changed.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RoutineFileError(path, f"cannot be read ({os_error_text(exc, path)})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RoutineFileError(
            path, "not a valid routine file: it is not UTF-8 text (damaged?)"
        ) from None
    return routine_from_json(text, source=str(path))


def _backup_path(path: Path) -> Path:
    """``<name>.bak``, or ``<name>.bak2``, ``<name>.bak3``...: a backup never replaces
    an earlier one."""
    candidate, k = path.with_name(path.name + ".bak"), 2
    while os.path.lexists(candidate):
        candidate, k = path.with_name(f"{path.name}.bak{k}"), k + 1
    return candidate


def _keep_backup(path: Path) -> Path:
    """Copy ``path`` to its next free backup name (:func:`_backup_path`); return that."""
    backup = _backup_path(path)
    try:
        atomic_write_bytes(backup, path.read_bytes())
    except OSError as err:
        raise RoutineFileError(
            path,
            f"was not replaced: its backup copy {backup.name} cannot be written "
            f"({os_error_text(err, path)}); nothing was changed",
        ) from None
    return backup


def save_routine(routine: Routine, path, *, overwrite: bool = False) -> Path:
    """Save ``routine`` as JSON, atomically.

    Policy for an existing file at ``path``: if it is a valid routine file it is replaced
    (that is what saving again means), after a copy of it is kept as ``<name>.bak``
    (``<name>.bak2``, ...) unless it already holds this routine, so a saved routine is never
    lost. The journal (an SQLite file) is never written onto. If it is anything else (damaged, truncated, edited
    by hand, or not a routine at all), saving refuses with :class:`RoutineFileError`, so a
    file is never overwritten silently; pass ``overwrite=True`` to replace it anyway, in
    which case the old file is first copied to ``<name>.bak`` (``<name>.bak2``, ... if
    that exists: an earlier backup is never replaced).

    Raises
    ------
    RoutineFileError
        For every failure, including operating-system errors (read-only or full disk, a
        file where a folder should be); the message names the file and the reason. On any
        failure the file at ``path`` is as it was, and no temporary or backup file is left.
    """  # noqa: E501
    if not isinstance(routine, Routine):
        raise InputError("routine", type(routine).__name__, "a Routine")
    path = Path(path)
    backup = None
    try:
        if path.is_dir():
            raise RoutineFileError(path, "is a folder; give a file name such as routine.json")
        if path.exists():
            from hipcourse.kit.files import protected_kind

            if protected_kind(path) == "journal":
                raise RoutineFileError(
                    path, "is a journal; hipcourse never writes over it (choose another file name)"
                )
            try:
                if load_routine(path).to_json() != routine.to_json():
                    backup = _keep_backup(path)  # saving again keeps the old routine
            except RoutineFileError as exc:
                if exc.path == path and exc.problem.startswith("was not replaced"):
                    raise
                if not overwrite:
                    problem = (
                        exc.problem if exc.problem.startswith("cannot") else "is " + exc.problem
                    )
                    raise RoutineFileError(
                        path,
                        f"already exists and {problem}; it was left untouched. Choose "
                        "another name, or pass overwrite=True to replace it (a copy is "
                        f"kept as {_backup_path(path).name}).",
                    ) from None
                backup = _keep_backup(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return atomic_write_text(path, routine.to_json())
    except OSError as exc:
        if backup is not None:  # the old file is intact: the backup is not needed
            try:
                backup.unlink()
            except OSError:
                pass
        raise RoutineFileError(
            path, f"cannot be written ({os_error_text(exc, path)}); nothing was changed"
        ) from None
