"""Whole-body stretch figures: seconds per figure, and the pose fit (issue 15).

Figures:
* ``renders: muscles figure`` -- one "what it stretches" PNG (7 render passes, numpy
  compositing, matplotlib labels), against a plain single MuJoCo pass of the same scene in
  the same run (the baseline: what the compositing costs on top);
* ``renders: how-to figure`` -- the silhouette PNG (3 passes);
* ``renders: pose fit`` -- fitting one whole-body pose from its recipe (done once, stored in
  ``hipcourse/data/poses_fitted.json``), against loading the stored pose.
Targets: about 1.5 s per figure or less (issue 15); the fit has none (it is cached).
"""

from __future__ import annotations

import sys

from _harness import Result, print_table, progress, repeat_wall_cpu

SID = "hip-flexor-half-kneeling"


def run(quick: bool = False) -> list[dict]:
    from hipcourse.models import poses
    from hipcourse.views import body_figures, renders

    n = 2 if quick else 5
    progress("renders: building the styled model and the GL context")
    sc = renders.scene()
    body_figures.muscles_png(SID)  # warm-up: shaders, caches

    def single_pass():
        r = sc.renderer(*body_figures.RENDER_PX)
        cam = renders.frame_camera(sc, 0.0, -5.0, body_figures.RENDER_PX)
        r.update_scene(sc.d, camera=cam)
        r.render()

    out = []
    wall, cpu = repeat_wall_cpu(lambda: body_figures.muscles_png(SID), n)
    base, _ = repeat_wall_cpu(single_pass, n)
    out.append(
        Result.from_samples(
            "renders: muscles figure",
            wall,
            "s",
            base,
            target="<= 1.5 s",
            baseline_name="one plain render pass",
            cpu_median=sorted(cpu)[len(cpu) // 2],
            note=f"{SID}, {body_figures.RENDER_PX[0]} px render",
        )
    )
    wall, cpu = repeat_wall_cpu(lambda: body_figures.howto_png(SID), n)
    out.append(
        Result.from_samples(
            "renders: how-to figure",
            wall,
            "s",
            base,
            target="<= 1.5 s",
            baseline_name="one plain render pass",
            cpu_median=sorted(cpu)[len(cpu) // 2],
        )
    )
    progress("renders: fitting one pose")
    wall, cpu = repeat_wall_cpu(lambda: poses.fit_pose(SID), 1 if quick else 2, warmup=0)

    def load():
        poses._CACHE.clear()
        poses.whole_body_pose(SID)

    base, _ = repeat_wall_cpu(load, n)
    out.append(
        Result.from_samples(
            "renders: pose fit",
            wall,
            "s",
            base,
            baseline_name="load the stored pose",
            cpu_median=sorted(cpu)[len(cpu) // 2],
            note="scipy least_squares; stored once per recipe change",
        )
    )
    for r in out:
        if r.target:
            r.met = r.median <= 1.5
    return [r.to_dict() for r in out]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
