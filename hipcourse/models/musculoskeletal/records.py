"""The results the length API returns: one muscle's change, a group's, a whole pose's, a
stretch's effect and a comparison of two muscles (frozen dataclasses, no MuJoCo).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hipcourse.content.catalog import GROUP_IDS, load_catalog
from hipcourse.models.musculoskeletal.names import METRICS, MODEL_NAME


# =========================================================================== public records
@dataclass(frozen=True)
class MuscleChange:
    """How one muscle's length changes from standing to a pose.

    Attributes
    ----------
    muscle : str
        MyoLeg actuator name, e.g. ``"recfem_r"``.
    catalog_id : str or None
        The catalog muscle it belongs to (``"rectus-femoris"``), None if the course does not
        teach it (foot and calf muscles).
    group : str or None
        The catalog muscle's primary group; ``groups`` lists all of them.
    length_m, reference_length_m : float
        Musculotendon length in the pose and in anatomical standing [m].
    length_change_pct : float
        ``100 (length - reference) / reference`` [%].
    fibre_strain : float
        ``(length - reference) / L0`` with ``L0`` the optimal fibre length [-].
    optimal_fibre_length_m : float
        The ``L0`` used [m].
    """

    muscle: str
    catalog_id: str | None
    group: str | None
    groups: tuple[str, ...]
    length_m: float
    reference_length_m: float
    length_change_pct: float
    fibre_strain: float
    optimal_fibre_length_m: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON record: exactly ``muscle``, ``group``, ``length_change_pct``, ``fibre_strain``."""  # noqa: E501
        return {
            "muscle": self.muscle,
            "group": self.group,
            "length_change_pct": round(self.length_change_pct, 3) + 0.0,
            "fibre_strain": round(self.fibre_strain, 4) + 0.0,
        }


@dataclass(frozen=True)
class GroupChange:
    """Summary of one muscle group in a pose (a muscle in two groups counts for both)."""

    group: str
    muscles: tuple[str, ...]
    max_fibre_strain: float
    top_muscle: str
    mean_length_change_pct: float
    max_length_change_pct: float


@dataclass(frozen=True)
class LengthChange:
    """Every right-leg muscle's change of length from standing to ``pose``.

    ``rows`` holds one :class:`MuscleChange` per muscle, in the model's order. Index it by
    actuator name (``change["recfem_r"]``, the ``_r`` may be left out).
    """

    pose: dict
    rows: tuple[MuscleChange, ...]
    model: str = MODEL_NAME

    def __getitem__(self, name: str) -> MuscleChange:
        key = name if name.endswith(("_r", "_l")) else name + "_r"
        for row in self.rows:
            if row.muscle == key:
                return row
        raise KeyError(f"unknown muscle {name!r}; known: {', '.join(r.muscle for r in self.rows)}")

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def top(
        self, n: int = 5, metric: str = "fibre_strain", grouped_only: bool = True
    ) -> tuple[MuscleChange, ...]:
        """The ``n`` muscles that lengthen most by ``metric`` ("fibre_strain" or
        "length_change_pct"); ``grouped_only`` keeps the muscles the course teaches.

        Parameters
        ----------
        n : int
            How many muscles.
        metric : {"fibre_strain", "length_change_pct"}
            What to rank by (fibre strain [L0] or % change [%]).
        grouped_only : bool
            Only muscles that belong to a catalog group.

        Returns
        -------
        tuple of MuscleChange
            The ``n`` muscles lengthened most, largest first.
        """
        from hipcourse.kit.checks import choice, integer

        metric = choice("metric", metric, METRICS)
        n = integer("n", n, 1)
        rows = [r for r in self.rows if r.group or not grouped_only]
        return tuple(sorted(rows, key=lambda r: -getattr(r, metric))[:n])

    def by_group(self) -> tuple[GroupChange, ...]:
        """One :class:`GroupChange` per catalog group, in teaching order.

        Returns
        -------
        tuple of GroupChange
            One per group, largest fibre strain [L0] first.
        """
        out = []
        for g in GROUP_IDS:
            rows = [r for r in self.rows if g in r.groups]
            if not rows:
                continue
            top = max(rows, key=lambda r: r.fibre_strain)
            pct = [r.length_change_pct for r in rows]
            out.append(
                GroupChange(
                    group=g,
                    muscles=tuple(r.muscle for r in rows),
                    max_fibre_strain=top.fibre_strain,
                    top_muscle=top.muscle,
                    mean_length_change_pct=float(np.mean(pct)),
                    max_length_change_pct=float(max(pct)),
                )
            )
        return tuple(out)

    def by_catalog_muscle(self) -> dict[str, tuple[float, float]]:
        """``{catalog id: (mean length_change_pct, mean fibre_strain)}`` over its model parts.

        Returns
        -------
        dict of str to (float, float)
            Catalog muscle id -> (mean % change [%], mean fibre strain [L0]) over its model parts.
        """
        parts: dict[str, list[MuscleChange]] = {}
        for r in self.rows:
            if r.catalog_id:
                parts.setdefault(r.catalog_id, []).append(r)
        return {
            k: (
                float(np.mean([r.length_change_pct for r in v])),
                float(np.mean([r.fibre_strain for r in v])),
            )
            for k, v in parts.items()
        }

    def to_json(self) -> list[dict[str, Any]]:
        """A list of ``{"muscle", "group", "length_change_pct", "fibre_strain"}`` dicts."""
        return [r.to_dict() for r in self.rows]


@dataclass(frozen=True)
class TargetCheck:
    """Does a declared target muscle lengthen in the stretch?"""

    muscle_id: str
    name: str
    modelled: bool
    length_change_pct: float | None
    fibre_strain: float | None

    @property
    def lengthens(self) -> bool | None:
        """True/False for a modelled muscle, None for one the model does not contain."""
        return None if not self.modelled else self.length_change_pct > 0.0


@dataclass(frozen=True)
class StretchEffect:
    """What the model says a catalog stretch does, judged by the module's rule.

    Use :meth:`group_ranking`, :meth:`top_muscles`, :meth:`target_checks`, and the
    :attr:`works_most`, :attr:`group_agrees` and :attr:`agrees` verdicts.
    """

    stretch_id: str
    stretch_name: str
    group: str
    targets: tuple[str, ...]
    change: LengthChange
    model_note: str = ""

    def group_ranking(self) -> tuple[GroupChange, ...]:
        """Groups sorted by their largest fibre strain, most-worked first.

        Returns
        -------
        tuple of GroupChange
            Largest score (fibre strain [L0]) first.
        """
        return tuple(sorted(self.change.by_group(), key=lambda g: -g.max_fibre_strain))

    def top_muscles(self, n: int = 5, metric: str = "fibre_strain") -> tuple[MuscleChange, ...]:
        """The ``n`` taught muscles that lengthen most by ``metric``.

        Parameters
        ----------
        n : int
            How many muscles.
        metric : {"fibre_strain", "length_change_pct"}
            What to rank by.

        Returns
        -------
        tuple of MuscleChange
            Largest first.
        """
        return self.change.top(n, metric=metric, grouped_only=True)

    @property
    def works_most(self) -> tuple[str, ...]:
        """The group(s) with the top score (ties: a muscle shared by two groups)."""
        ranking = self.group_ranking()
        best = ranking[0].max_fibre_strain
        return tuple(g.group for g in ranking if g.max_fibre_strain >= best - 1e-12)

    @property
    def group_agrees(self) -> bool:
        return self.group in self.works_most

    def target_checks(self) -> tuple[TargetCheck, ...]:
        cat = load_catalog()
        parts = self.change.by_catalog_muscle()
        out = []
        for t in self.targets:
            name = cat.muscle(t).name
            if t in parts:
                pct, strain = parts[t]
                out.append(TargetCheck(t, name, True, pct, strain))
            else:
                out.append(TargetCheck(t, name, False, None, None))
        return tuple(out)

    @property
    def targets_lengthen(self) -> bool:
        return all(c.lengthens is not False for c in self.target_checks())

    @property
    def agrees(self) -> bool:
        """The catalog's claim holds by the rule: group on top, every target lengthens."""
        return self.group_agrees and self.targets_lengthen

    def summary(self) -> str:
        """The verdict in plain words (for notebooks and the command line).

        Returns
        -------
        str
            A few sentences naming the model (:data:`MODEL_NAME`).
        """
        cat = load_catalog()
        top = self.top_muscles(3)
        names = ", ".join(f"{_display_name(r)} ({r.fibre_strain:.2f})" for r in top)
        most = " and ".join(cat.group(g).name.lower() for g in self.works_most)
        verdict = "agrees with the catalog" if self.agrees else "disagrees with the catalog"
        text = (
            f"{self.stretch_name}: the fibres pulled furthest are {names} optimal fibre "
            f"lengths; it works the {most} most, so the model {verdict} "
            f"(declared group: {cat.group(self.group).name.lower()})."
        )
        missing = [c.name for c in self.target_checks() if c.lengthens is False]
        if missing:
            text += " Declared targets that do not lengthen: " + ", ".join(missing) + "."
        if self.model_note:
            text += " Note: " + self.model_note
        return text

    def __str__(self) -> str:
        return self.summary()


@dataclass(frozen=True)
class MuscleComparison:
    """Two catalog muscles compared in one stretch (e.g. gluteus minimus vs medius)."""

    stretch_id: str
    muscle_a: str
    muscle_b: str
    a_length_change_pct: float
    b_length_change_pct: float
    a_fibre_strain: float
    b_fibre_strain: float

    @property
    def longer(self) -> str:
        """The muscle the stretch works more by the rule (larger mean fibre strain)."""
        return self.muscle_a if self.a_fibre_strain >= self.b_fibre_strain else self.muscle_b

    @property
    def both_measures_agree(self) -> bool:
        """True when the % change ranks the two muscles the same way as fibre strain."""
        by_pct = (
            self.muscle_a if self.a_length_change_pct >= self.b_length_change_pct else self.muscle_b
        )
        return by_pct == self.longer

    def __str__(self) -> str:
        cat = load_catalog()
        a, b = cat.muscle(self.muscle_a).name, cat.muscle(self.muscle_b).name
        return (
            f"{a}: {self.a_length_change_pct:+.0f} % length, fibre strain "
            f"{self.a_fibre_strain:.2f}; {b}: {self.b_length_change_pct:+.0f} % length, "
            f"fibre strain {self.b_fibre_strain:.2f}. The model says this stretch works "
            f"{cat.muscle(self.longer).name} more"
            + (
                " by both measures."
                if self.both_measures_agree
                else " by fibre strain (the % change disagrees)."
            )
        )


@dataclass(frozen=True)
class PoseGeometry:
    """Points and muscle paths of a pose, in the pelvis frame (metres).

    Axes: x forward (anterior), y up (superior), z to the right. ``points`` holds
    ``pelvis`` (origin), ``hip``, ``knee``, ``ankle``, ``heel``, ``toe`` (the big-toe joint),
    ``lumbar``, ``shoulder`` and ``head``; ``paths`` maps muscle names to (k, 3) arrays.
    """

    points: dict
    paths: dict
    #: Musculotendon length of every right-leg muscle in this pose [m], from the same model
    #: pass (in :func:`muscle_names` order).
    lengths_m: Any = None


def _display_name(row: MuscleChange) -> str:
    if row.catalog_id is None:
        return row.muscle
    name = load_catalog().muscle(row.catalog_id).name
    base = row.muscle[:-2]
    return f"{name} ({base})" if base[-1:].isdigit() or base.startswith("addmag") else name
