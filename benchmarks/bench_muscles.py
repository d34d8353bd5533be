"""The musculoskeletal model: first query, per-pose cost, the explorer's update, figures.

Figures (issue 3, item 2 and 6):

- **first query, warm cache**: a fresh ``python -c`` that imports
  :mod:`hipcourse.models.musculoskeletal` and asks for one pose, with the compiled model already in
  the cache (target <= 1 s); baseline: a fresh process that only runs the plain
  ``build_spec("myolegs").compile()`` (what a first query would cost without the cache),
  run interleaved with it in the same run, in a temporary folder;
- **first query, cold cache**: the same with an empty cache folder (build + save + load);
- **one pose**: ``length_change(pose)`` in a warm process (target <= 1 ms), and the bare
  ``musculotendon_lengths_m`` for one pose;
- **batched**: ``musculotendon_lengths_m`` for 1000 poses, per pose;
- **explorer update**: ``update_explorer`` + ``explorer_frame_png`` (what one slider move
  costs; target <= 50 ms); baseline: updating the same figure and re-rendering it whole
  with ``savefig`` (no blitting);
- **stretch figure**: ``stretch_figure`` + PNG for a catalog stretch.

Run alone: ``python benchmarks/bench_muscles.py [--quick]``.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile

from _harness import ROOT, Result, interleaved, print_table, progress, repeat, to_ms

PY = sys.executable
FIRST_QUERY = (
    "import hipcourse.models.musculoskeletal as m; "
    "m.length_change(hip_flexion_deg=90, knee_flexion_deg=0)"
)
PLAIN_BUILD = (
    "import warnings; warnings.simplefilter('ignore'); "
    "from myo_sim.build.compose import build_spec; build_spec('myolegs').compile()"
)


def _env(cache_dir=None) -> dict:
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "Agg")
    env["PYTHONWARNINGS"] = "ignore"
    if cache_dir is not None:
        env["HIPCOURSE_CACHE_DIR"] = str(cache_dir)
    return env


def run(quick: bool = False) -> list[dict]:
    import numpy as np

    from hipcourse.content.catalog import load_catalog
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.views import plots

    msk.load_model()  # make sure the user cache holds the model (warm-cache figures)
    results = []
    n_proc = 3 if quick else 7

    # --- first query in a fresh process, warm cache, against the plain compile
    progress("first query (fresh processes, warm cache) vs plain compose + compile")
    with tempfile.TemporaryDirectory() as tmp:
        res = interleaved(
            {"first": [PY, "-c", FIRST_QUERY], "plain": [PY, "-c", PLAIN_BUILD]},
            n=n_proc,
            cwd=tmp,
            env=_env(),
        )
    first = Result.from_samples(
        "muscles: first query, warm cache (fresh process)",
        res["first"]["wall_ms"],
        "ms",
        baseline_samples=res["plain"]["wall_ms"],
        target="<= 1000 ms",
        baseline_name="plain build_spec + compile (fresh process)",
        note="python start, imports, MJB load, one pose",
    )
    first.met = first.median <= 1000.0
    results.append(first.to_dict())

    # --- cold cache: build in a subprocess, save, load
    progress("first query with an empty cache folder")
    cold = []
    for _ in range(1 if quick else 2):
        with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cwd:
            r = interleaved(
                {"cold": [PY, "-c", FIRST_QUERY]},
                n=1,
                warmup=0,
                cwd=cwd,
                env=_env(os.path.join(tmp, "cache")),
            )
            cold.extend(r["cold"]["wall_ms"])
    results.append(
        Result.from_samples(
            "muscles: first query, cold cache (fresh process)",
            cold,
            "ms",
            note="builds the model once in a subprocess, caches it as MJB, then queries",
        ).to_dict()
    )

    # --- one pose, warm
    progress("per-pose cost")
    rng = np.random.default_rng(3)
    lo = np.array([r[0] for r in msk.JOINT_RANGES_DEG.values()])
    hi = np.array([r[1] for r in msk.JOINT_RANGES_DEG.values()])
    poses = lo + rng.random((1000, 4)) * (hi - lo)
    it = iter(range(10**9))

    def one_change():
        p = poses[next(it) % len(poses)]
        msk.length_change(
            hip_flexion_deg=p[0],
            hip_adduction_deg=p[1],
            hip_rotation_deg=p[2],
            knee_flexion_deg=p[3],
        )

    def one_length():
        msk.musculotendon_lengths_m(poses[next(it) % len(poses)])

    n = 200 if quick else 1000
    single = Result.from_samples(
        "muscles: length_change, one pose",
        to_ms(repeat(one_change, n)),
        "ms",
        target="<= 1 ms",
        note="validation + model pass + 40 records",
    )
    single.met = single.median <= 1.0
    results.append(single.to_dict())
    bare = Result.from_samples(
        "muscles: musculotendon_lengths_m, one pose",
        to_ms(repeat(one_length, n)),
        "ms",
        target="<= 1 ms",
    )
    bare.met = bare.median <= 1.0
    results.append(bare.to_dict())
    batch = [
        t / len(poses)
        for t in repeat(lambda: msk.musculotendon_lengths_m(poses), 3 if quick else 10)
    ]
    per = Result.from_samples(
        "muscles: batched lengths (1000 poses), per pose", to_ms(batch), "ms", target="<= 1 ms"
    )
    per.met = per.median <= 1.0
    results.append(per.to_dict())

    # --- explorer update (blitting) vs full redraw
    progress("explorer update")
    fig = plots.explorer_figure(dpi=80)
    plots.explorer_frame_png(fig)
    k = iter(range(10**9))

    def update():
        p = poses[next(k) % len(poses)]
        plots.update_explorer(fig, dict(zip(msk.JOINTS, p, strict=True)))
        plots.explorer_frame_png(fig)

    naive_fig = plots.explorer_figure(dpi=80)

    def naive():
        p = poses[next(k) % len(poses)]
        plots.update_explorer(naive_fig, dict(zip(msk.JOINTS, p, strict=True)))
        naive_fig.savefig(io.BytesIO(), format="png")

    upd = Result.from_samples(
        "muscles: explorer update (slider move)",
        to_ms(repeat(update, 20 if quick else 60)),
        "ms",
        baseline_samples=to_ms(repeat(naive, 3 if quick else 8)),
        target="<= 50 ms",
        baseline_name="update + full savefig",
        note="update artists in place, blit, encode PNG",
    )
    upd.met = upd.median <= 50.0
    results.append(upd.to_dict())

    # --- one stretch figure
    progress("stretch figures")
    ids = [s.id for s in load_catalog().stretches]
    j = iter(range(10**9))

    def figure():
        f = plots.stretch_figure(ids[next(j) % len(ids)])
        f.savefig(io.BytesIO(), format="png", dpi=110)

    results.append(
        Result.from_samples(
            "muscles: stretch figure + PNG",
            to_ms(repeat(figure, 5 if quick else len(ids))),
            "ms",
            note="pose drawing with target muscles",
        ).to_dict()
    )
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print_table(run(quick="--quick" in sys.argv))
