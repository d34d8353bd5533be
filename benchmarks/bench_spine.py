"""Pelvic tilt explorer: latency of one update, in place versus clear-and-redraw.

Run: ``python benchmarks/bench_spine.py [--repeats N]``. Prints the median and the 95th
percentile of one update (model + figure + PNG, Agg canvas) for

* ``in place``: the explorer's way: one figure, the spine's artists moved with ``set_*``,
  only they are redrawn over a cached background of the static parts (blitting);
* ``naive``: the same figure cleared and rebuilt from scratch, then fully drawn;

plus the model alone and a full widget update (slider change -> new image and read-outs).
The issue's target is <= 50 ms for one update. Wall-clock time suffers when other work
shares the CPU, so the script also prints CPU time of this process (``time.process_time``),
which is close to the wall time of an otherwise idle machine. Timings are
machine-dependent; this is a script, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")


def _stats(samples):
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    return statistics.median(s) * 1000, p95 * 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=60, help="updates per variant (default 60)")
    args = ap.parse_args(argv)

    from hipcourse.models import spine
    from hipcourse.views import plots, widgets

    tilts = [(-5 + (i * 7) % 45) for i in range(args.repeats)]
    aligns = [spine.spine_for_posture(52, t) for t in tilts]

    def time_it(fn):
        wall, cpu = [], []
        for i in range(args.repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            fn(i)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        return wall, cpu

    model = time_it(lambda i: spine.spine_for_posture(52, tilts[i]))

    view = plots.SpineExplorerView(aligns[0])
    view.png()  # cache the background once, as the widget does when it opens

    def in_place(i):
        view.update(spine.spine_for_posture(52, tilts[i]))
        view.png()

    fast = time_it(in_place)

    naive_view = plots.SpineExplorerView(aligns[0], blit=False)

    def naive(i):
        plots.SpineExplorerView(
            spine.spine_for_posture(52, tilts[i]), blit=False, fig=naive_view.fig
        ).png()

    slow = time_it(naive)

    explorer = widgets.pelvic_tilt_explorer()

    def widget(i):
        explorer.tilt.value = float(tilts[i]) + (0.5 if explorer.tilt.value == tilts[i] else 0.0)

    full = time_it(widget)

    rows = [
        ("model only (spine_for_posture)", model),
        ("in place (blit), one update", fast),
        ("naive clear-and-redraw", slow),
        ("widget: slider -> image + read-outs", full),
    ]
    print(
        f"pelvic tilt explorer, {args.repeats} updates each, figure "
        f"{view.fig.get_size_inches()[0]:.1f}x{view.fig.get_size_inches()[1]:.1f} in at "
        f"{view.fig.dpi:.0f} dpi (Agg)"
    )
    print(f"load average (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'':40} {'wall median':>11} {'p95':>7} {'CPU median':>11} {'p95':>7}  (ms)")
    for name, (wall, cpu) in rows:
        (wm, wp), (cm, cp) = _stats(wall), _stats(cpu)
        print(f"{name:40} {wm:11.1f} {wp:7.1f} {cm:11.1f} {cp:7.1f}")
    ratio_w = _stats(slow[0])[0] / _stats(fast[0])[0]
    ratio_c = _stats(slow[1])[0] / _stats(fast[1])[0]
    print(f"naive / in place (median): {ratio_w:.1f}x wall, {ratio_c:.1f}x CPU")
    print(
        f"target one widget update <= 50 ms: wall median {_stats(full[0])[0]:.0f} ms, "
        f"CPU median {_stats(full[1])[0]:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
