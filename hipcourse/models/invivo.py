"""The musculoskeletal model checked against studies of living people and cadavers.

Studies with ultrasound shear-wave elastography (a stiffer muscle in a stretch position is
taken as a more elongated one) have compared stretch positions muscle by muscle. Their
findings are stored as data in ``hipcourse/data/invivo.toml``, each with its paper; this
module puts the same two poses through the model
(:func:`hipcourse.models.musculoskeletal.length_change`) and says whether the model's
% lengthening agrees with the study. Pure and deterministic: nothing is written.

What "agrees" means is stated with each finding (``kind`` and ``margin_pct_points``): for a
study that found a muscle stretched *more* in pose A than in pose B, the model must lengthen
it more in A by more than the margin; for a study that found *no difference*, the model's
two values must lie within the margin of each other. A shear modulus is not a length, so
the check is about direction only, never about size.

Examples
--------
>>> from hipcourse.models.invivo import load_findings
>>> [f.kind for f in load_findings()][:2]
['more', 'more']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from hipcourse.content.tables import CatalogError, TableReader, read_toml
from hipcourse.kit.resources import DATA_DIR

FINDINGS_FILE = DATA_DIR / "invivo.toml"
KINDS = ("more", "same", "caveat")
JOINTS = ("hip_flexion_deg", "hip_adduction_deg", "hip_rotation_deg", "knee_flexion_deg")


@dataclass(frozen=True)
class Finding:
    """One published finding: a muscle stretched more (or equally) in pose_a than pose_b."""

    id: str
    muscle: str
    model: tuple[str, ...]
    found: str
    kind: str
    margin_pct_points: float
    pose_a: dict[str, float]
    pose_b: dict[str, float]
    study: str
    source: str


@dataclass(frozen=True)
class Check:
    """A finding next to what the model computes for its two poses."""

    finding: Finding
    model_a_pct: float
    model_b_pct: float
    verdict: str

    @property
    def difference_pct_points(self) -> float:
        """Model % lengthening in pose_a minus that in pose_b [percentage points]."""
        return self.model_a_pct - self.model_b_pct


def _finding(r: TableReader, model_names: tuple[str, ...]) -> Finding:
    muscles = r.texts("model")
    for m in muscles:
        if f"{m}_r" not in model_names:
            r.fail(
                "model",
                m,
                "is not a model muscle; known: " + ", ".join(n[:-2] for n in model_names),
            )
    margin = r.number_in(r.table, "margin_pct_points", "")
    if not 0 <= margin <= 10:
        r.fail("margin_pct_points", margin, "must be a number from 0 to 10")
    poses = {}
    for key in ("pose_a", "pose_b"):
        pose = r.subtable(key)
        if set(pose) != set(JOINTS):
            r.fail(key, pose, "must give exactly " + ", ".join(JOINTS))
        poses[key] = {j: r.number_in(pose, j, f"{key}.") for j in JOINTS}
    return Finding(
        id=r.text("id"),
        muscle=r.text("muscle"),
        model=muscles,
        found=r.text("found"),
        kind=r.choice("kind", KINDS),
        margin_pct_points=margin,
        pose_a=poses["pose_a"],
        pose_b=poses["pose_b"],
        study=r.text("study"),
        source=r.text("source"),
    )


def load_findings(path: Path | str | None = None) -> tuple[Finding, ...]:
    """Load and check ``invivo.toml`` (or ``path``).

    Raises
    ------
    CatalogError
        If the file is missing or not TOML, or a finding breaks a rule; the message names
        the file, the finding's id, the field and the bad value.
    """
    if path is None:
        return _default_findings()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _default_findings() -> tuple[Finding, ...]:
    return _load(FINDINGS_FILE)


def _load(path: Path) -> tuple[Finding, ...]:
    from hipcourse.models import musculoskeletal as msk

    data = read_toml(path)
    names = msk.muscle_names()
    found = tuple(
        _finding(TableReader(path, t, "finding", i), names)
        for i, t in enumerate(data.get("finding", []))
    )
    seen = set()
    for f in found:
        if f.id in seen:
            raise CatalogError(path, f.id, "id", f.id, "duplicate finding id")
        seen.add(f.id)
    if not found:
        raise CatalogError(path, None, "finding", [], "the file lists no findings")
    return found


def _mean_pct(change, muscles: tuple[str, ...]) -> float:
    return sum(change[m].length_change_pct for m in muscles) / len(muscles)


def verdict(finding: Finding, model_a_pct: float, model_b_pct: float) -> str:
    """``"agrees"``, ``"disagrees"`` or ``"caveat"`` for a finding and the model's values."""
    diff = model_a_pct - model_b_pct
    if finding.kind == "caveat":
        return "caveat"
    if finding.kind == "more":
        return "agrees" if diff > finding.margin_pct_points else "disagrees"
    return "agrees" if abs(diff) <= finding.margin_pct_points else "disagrees"


def compare(findings: tuple[Finding, ...] | None = None) -> list[Check]:
    """Each finding next to the model's % lengthening (from standing) in its two poses.

    Returns
    -------
    list of Check
        In file order; ``verdict`` is ``"agrees"``, ``"disagrees"`` or ``"caveat"``.

    Examples
    --------
    >>> rows = compare()
    >>> sorted({r.verdict for r in rows}) <= ['agrees', 'caveat', 'disagrees']
    True
    """
    from hipcourse.models import musculoskeletal as msk

    findings = load_findings() if findings is None else findings
    poses = [f.pose_a for f in findings] + [f.pose_b for f in findings]
    changes = msk.length_change_batch([[p[j] for j in JOINTS] for p in poses])
    n = len(findings)
    out = []
    for i, f in enumerate(findings):
        a, b = _mean_pct(changes[i], f.model), _mean_pct(changes[n + i], f.model)
        out.append(Check(f, a, b, verdict(f, a, b)))
    return out


def summary(checks: list[Check] | None = None) -> dict[str, int]:
    """How many findings the model agrees with, disagrees with, and how many are caveats."""
    checks = compare() if checks is None else checks
    return {v: sum(c.verdict == v for c in checks) for v in ("agrees", "disagrees", "caveat")}
