"""The strict loader of ``assessments.toml``: every field is checked through
:class:`~hipcourse.content.tables.TableReader`, so a typo names the file, test, field and value.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from hipcourse.content.catalog import GROUP_IDS
from hipcourse.content.tables import CatalogError, TableReader, read_toml
from hipcourse.models.assessment.selftests import (
    NORM_STATUSES,
    RULE_KINDS,
    TESTS_FILE,
    UNITS,
    NormalRange,
    Reliability,
    Rule,
    SelfTest,
    SelfTests,
)


# --------------------------------------------------------------------------- loading
def _load_test(r: TableReader, ladder_ok: Iterable[str]) -> SelfTest:
    unit = r.choice("unit", UNITS)
    lo, hi = r.number_in(r.table, "min", ""), r.number_in(r.table, "max", "")
    if not lo < hi:
        r.fail("max", hi, f"must be greater than min ({lo:g})")
    better = r.choice("better", ("higher", "lower"))
    choices: tuple[str, ...] = ()
    if unit == "choice":
        choices = r.texts("choices")
        if lo != 1 or hi != len(choices):
            r.fail(
                "max",
                hi,
                f"a choice test runs from min = 1 to max = number of choices ({len(choices)})",
            )
    elif "choices" in r.table:
        r.fail("choices", r.table["choices"], "only a test with unit = 'choice' has choices")

    nt = r.subtable("normal")
    normal = NormalRange(
        low=r.number_in(nt, "low", "normal.", None),
        high=r.number_in(nt, "high", "normal.", None),
        text=r.text_in(nt, "text", "normal."),
        source=r.text_in(nt, "source", "normal."),
        status=nt.get("status"),
        short=r.text_in(nt, "short", "normal."),
    )
    if normal.status not in NORM_STATUSES:
        r.fail("normal.status", normal.status, "must be one of " + ", ".join(NORM_STATUSES))
    for name in ("low", "high"):
        v = getattr(normal, name)
        if v is not None and not lo <= v <= hi:
            r.fail(f"normal.{name}", v, f"must lie within min..max ({lo:g}..{hi:g})")
    if normal.low is None and normal.high is None:
        r.fail("normal", nt, "needs low, high or both")
    if normal.low is not None and normal.high is not None and normal.low > normal.high:
        r.fail("normal.high", normal.high, f"must be at least normal.low ({normal.low:g})")

    rt = r.subtable("reliability")
    reliability = Reliability(
        text=r.text_in(rt, "text", "reliability."), source=r.text_in(rt, "source", "reliability.")
    )

    ru = r.subtable("rule")
    kind = ru.get("kind")
    if kind not in RULE_KINDS:
        r.fail("rule.kind", kind, "must be one of " + ", ".join(RULE_KINDS))
    cap = r.number_in(ru, "cap", "rule.", None)
    if cap is not None and not 0 <= cap <= 1:
        r.fail("rule.cap", cap, "must be a fraction of the ladder from 0 to 1")
    note = r.text_in(ru, "note", "rule.")
    if kind == "choice":
        if unit != "choice":
            r.fail("rule.kind", kind, "a 'choice' rule needs unit = 'choice'")
        rungs = ru.get("rungs")
        if (
            not isinstance(rungs, list)
            or len(rungs) != len(choices)
            or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in rungs)
        ):
            r.fail(
                "rule.rungs",
                rungs,
                f"must list one rung (a whole number >= 1) per choice ({len(choices)})",
            )
        rule = Rule(kind, note, rungs=tuple(rungs), cap=cap)
    else:
        if unit == "choice":
            r.fail("rule.kind", kind, "a choice test needs kind = 'choice'")
        a, b = r.number_in(ru, "rung_1_at", "rule."), r.number_in(ru, "top_at", "rule.")
        for name, v in (("rung_1_at", a), ("top_at", b)):
            if not lo <= v <= hi:
                r.fail(f"rule.{name}", v, f"must lie within min..max ({lo:g}..{hi:g})")
        if (b > a) != (better == "higher") or a == b:
            r.fail(
                "rule.top_at",
                b,
                f"must be {'above' if better == 'higher' else 'below'} "
                f"rung_1_at ({a:g}) because better = {better!r}",
            )
        asym = r.number_in(ru, "asymmetry_limit", "rule.", None)
        if kind == "relative" and (asym is None or asym <= 0):
            r.fail("rule.asymmetry_limit", asym, "a relative rule needs a positive asymmetry_limit")
        rule = Rule(kind, note, rung_1_at=a, top_at=b, cap=cap, asymmetry_limit=asym)

    return SelfTest(
        id=r.text("id"),
        name=r.text("name"),
        groups=r.texts("groups", allowed=tuple(ladder_ok)),
        unit=unit,
        min=lo,
        max=hi,
        better=better,
        steps=r.texts("steps"),
        record=r.text("record"),
        cautions=r.texts("cautions", nonempty=False),
        normal=normal,
        reliability=reliability,
        rule=rule,
        choices=choices,
    )


def load_tests(path: Path | str | None = None) -> SelfTests:
    """Load and check the self-tests.

    Parameters
    ----------
    path : path, optional
        The TOML file; default ``hipcourse/data/assessments.toml`` (cached).

    Returns
    -------
    SelfTests
        The tests (``.tests``, ``.ids``, ``.test(id)``, ``.for_group(group)``).


    Raises
    ------
    CatalogError
        If the file is missing or broken; the message names the file, the test id, the
        field and the bad value.
    """
    if path is None:
        return _default_tests()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _default_tests() -> SelfTests:
    return _load(TESTS_FILE)


def _load(path: Path) -> SelfTests:
    data = read_toml(path)
    tests = [
        _load_test(TableReader(path, t, "test", i), GROUP_IDS)
        for i, t in enumerate(data.get("test", []))
    ]
    seen = set()
    for t in tests:
        if t.id in seen:
            raise CatalogError(path, t.id, "id", t.id, "duplicate test id")
        seen.add(t.id)
    for g in GROUP_IDS:
        if not any(g in t.groups for t in tests):
            raise CatalogError(path, None, "groups", g, "no self-test informs this group")
    return SelfTests(tuple(tests))
