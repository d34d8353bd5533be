"""Routine builder: time per request over random valid requests (issue 10, item 3).

Figures, each over the same 1,000 random valid requests (seeded, so every run measures
the same requests):

- ``routine: build`` -- :func:`hipcourse.models.routine.build_routine` per request (target:
  <= 5 ms). Baseline, measured in the same run on the same requests: constructing and
  validating the :class:`~hipcourse.models.routine.RoutineRequest` alone, the floor any call pays.
- ``routine: timeline`` -- the follow-along timer's script for each built routine.
- ``routine: JSON round trip`` -- ``to_json()`` and ``routine_from_json()`` (what a save
  and a reload cost, without the disk).

Run alone: ``python benchmarks/bench_routine.py [--quick]``.
"""

from __future__ import annotations

import random
import time

from _harness import Result, print_table, progress

TARGET_MS = 5.0


def random_requests(n: int, seed: int = 2024) -> list[dict]:
    """``n`` random valid request keyword sets (minutes, session, focus, levels, ...)."""
    from hipcourse.content.catalog import GROUP_IDS, load_catalog
    from hipcourse.models import routine as R

    cat = load_catalog()
    rng = random.Random(seed)
    focus_ids = list(GROUP_IDS) + [a.id for a in cat.aches]
    restrictions = [r.id for r in cat.restrictions]
    out = []
    for _ in range(n):
        out.append(
            dict(
                minutes=rng.randint(1, 120),
                session=rng.choice(R.SESSIONS),
                focus=tuple(rng.sample(focus_ids, rng.randint(0, 5))),
                levels={
                    g: rng.randint(1, len(cat.ladder(g))) for g in GROUP_IDS if rng.random() < 0.6
                },
                limits=tuple(sorted(rng.sample(sorted(R.LIMITS), rng.randint(0, 1)))),
                equipment=R.EQUIPMENT
                if rng.random() < 0.7
                else tuple(rng.sample(R.EQUIPMENT, rng.randint(0, len(R.EQUIPMENT)))),
                restrictions=tuple(rng.sample(restrictions, rng.choice((0, 0, 1, 2)))),
                sides=rng.choice(R.SIDES),
                older_adult=rng.random() < 0.3,
                get_ready_s=rng.choice((0, 5, 10, 10, 15, 30)),
            )
        )
    return out


def run(quick: bool = False) -> list[dict]:
    from hipcourse.models import routine as R

    n = 200 if quick else 1000
    kwargs = random_requests(n)
    for kw in kwargs[:20]:  # warm-up: catalog cache, code paths
        R.build_routine(R.RoutineRequest(**kw))
    progress(f"routine: timing {n} random requests")
    base, build, tline, rtrip = [], [], [], []
    clock = time.perf_counter
    steps = 0
    for kw in kwargs:
        t0 = clock()
        req = R.RoutineRequest(**kw)
        t1 = clock()
        routine = R.build_routine(req)
        t2 = clock()
        R.timeline(routine)
        t3 = clock()
        R.routine_from_json(routine.to_json())
        t4 = clock()
        base.append((t1 - t0) * 1e3)
        build.append((t2 - t1) * 1e3)
        tline.append((t3 - t2) * 1e3)
        rtrip.append((t4 - t3) * 1e3)
        steps += len(routine.steps)
    b = Result.from_samples(
        "routine: build",
        build,
        "ms",
        base,
        target=f"<= {TARGET_MS:g} ms",
        baseline_name="request alone",
        note=f"{n} random valid requests, {steps / n:.1f} steps on average; "
        "baseline: constructing and validating the request",
    )
    b.met = b.median <= TARGET_MS and b.p95 <= TARGET_MS
    results = [
        b,
        Result.from_samples(
            "routine: timeline",
            tline,
            "ms",
            base,
            baseline_name="request alone",
            note="the follow-along timer's segments and cues",
        ),
        Result.from_samples(
            "routine: JSON round trip",
            rtrip,
            "ms",
            base,
            baseline_name="request alone",
            note="to_json() then routine_from_json(), no disk",
        ),
    ]
    return [r.to_dict() for r in results]


if __name__ == "__main__":
    import sys

    print_table(run(quick="--quick" in sys.argv))
