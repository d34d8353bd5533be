"""The course site (issue 16): Sphinx + myst-nb builds both editions of every lesson.

Figures: a full build of both editions from the lessons' stored outputs into an empty
folder (what the first ``hipcourse build`` adds to executing the lessons), and a rebuild
with nothing changed (what every later ``hipcourse build`` adds: Sphinx reads nothing
again, writes the pages from its cached doctrees). Measured in this process, so the first
full build also pays for importing Sphinx (about a second); wall and CPU time are shown.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _harness import Result, print_table, repeat_wall_cpu

ROOT = Path(__file__).resolve().parent.parent


def run(quick: bool = False) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from hipcourse.build.website_lessons import site_from_stored_outputs

    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        count = iter(range(100))

        def full():
            site_from_stored_outputs(notebooks, Path(tmp) / f"full{next(count)}")

        def unchanged():
            site_from_stored_outputs(notebooks, Path(tmp) / "full0")

        n = 1 if quick else 2
        wall, cpu = repeat_wall_cpu(full, n, warmup=0)
        wall_u, cpu_u = repeat_wall_cpu(unchanged, 1 if quick else 3, warmup=0)
    note = f"{len(notebooks)} lessons, learner + instructor editions, stored outputs"
    return [
        Result.from_samples(
            "site: full build, both editions",
            wall,
            "s",
            n=len(wall),
            cpu_median=sorted(cpu)[len(cpu) // 2],
            note=note,
        ).to_dict(),
        Result.from_samples(
            "site: rebuild, nothing changed",
            wall_u,
            "s",
            n=len(wall_u),
            cpu_median=sorted(cpu_u)[len(cpu_u) // 2],
            note=note,
        ).to_dict(),
    ]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
