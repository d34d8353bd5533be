"""Progress figures: pure views over journal records (no database access here)."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from hipcourse.content.catalog import GROUP_IDS, load_catalog
from hipcourse.views.plots.base import GROUP_COLOURS, PALETTE, alt_text, new_figure, set_alt

# ---------------------------------------------------------------- progress figures
# Pure views over journal records (lists of AssessmentRecord / SessionRecord, or dicts
# with test, side, value, date): no database access here.
_SIDE_STYLE = {
    "left": (PALETTE["blue"], "o", "left"),
    "right": (PALETTE["orange"], "s", "right"),
    "both": (PALETTE["black"], "D", "both"),
}
_UNIT_LABEL = {"deg": "angle [deg]", "cm": "distance [cm]", "choice": "picture number"}


def _date_axis(ax, dates) -> None:
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    years = sorted({d.year for d in dates})
    ax.set_xlabel(f"date ({years[0]}–{years[-1]})" if len(years) > 1 else f"date ({years[0]})")
    if len(set(dates)) == 1:
        import datetime as _dt

        d = dates[0]
        ax.set_xlim(d - _dt.timedelta(days=7), d + _dt.timedelta(days=7))


def progress_test(records, test: str, ax=None) -> Figure:
    """One self-test over time, per side, against its normal range (shaded).

    A range that is not from a primary source (secondary, unverified or one small study)
    is hatched and says so in the legend.
    """
    from hipcourse.models import assessment

    t = assessment.load_tests().test(test)
    fig, ax = new_figure((6.4, 3.4), ax)
    rows = [r for r in assessment._as_results(records) if r.test == test and r.date is not None]
    sides = [s for s in assessment.SIDES if any(r.side == s for r in rows)]
    values = [r.value for r in rows]
    lo_v = min(values + [v for v in (t.normal.low, t.normal.high) if v is not None])
    hi_v = max(values + [v for v in (t.normal.low, t.normal.high) if v is not None])
    pad = max(1.0, 0.15 * (hi_v - lo_v))
    ymin, ymax = max(t.min, lo_v - pad), min(t.max, hi_v + pad)
    if t.unit == "choice":
        ymin, ymax = t.min - 0.5, t.max + 0.5
    low = t.normal.low if t.normal.low is not None else ymin
    high = t.normal.high if t.normal.high is not None else ymax
    ax.axhspan(
        low,
        high if high > low else low + 0.2,
        color=PALETTE["green"],
        alpha=0.18,
        hatch=None if t.normal.verified else "//",
        lw=0,
        label=t.normal.short,
    )
    for side in sides:
        pts = sorted((r.date, r.value) for r in rows if r.side == side)
        colour, marker, name = _SIDE_STYLE[side]
        ax.plot(
            [d for d, _ in pts],
            [v for _, v in pts],
            marker=marker,
            color=colour,
            lw=1.6,
            ms=6,
            label=name,
        )
    ax.set_ylim(ymin, ymax)
    if t.unit == "choice":
        ax.set_yticks(range(int(t.min), int(t.max) + 1))
    ax.set_ylabel(_UNIT_LABEL[t.unit])
    ax.set_xlabel("date")
    ax.set_title(t.name, fontsize=10)
    if rows:
        _date_axis(ax, [r.date for r in rows])
    else:
        ax.text(
            0.5, 0.5, "no results yet", transform=ax.transAxes, ha="center", color=PALETTE["grey"]
        )
    ax.legend(fontsize=7, loc="best", frameon=False)
    better = "higher is more flexible" if t.better == "higher" else "lower is more flexible"
    parts = []
    for side in sides:
        pts = sorted((r.date, r.value) for r in rows if r.side == side)
        (d0, v0), (d1, v1) = pts[0], pts[-1]
        parts.append(
            f"{side} side from {t.format_value(v0)} on {assessment.format_date(d0)} "
            f"to {t.format_value(v1)} on {assessment.format_date(d1)}"
        )
    data = "; ".join(parts) if parts else "no results recorded yet"
    caveat = f", {t.normal.caveat}" if t.normal.caveat else ""
    set_alt(
        fig,
        f"Line chart of the {t.name} over time ({better}): {data}. A shaded band "
        f"marks the normal range: {t.normal.text}{caveat}.",
    )
    return fig


def progress_tests(records, tests=None) -> Figure:
    """Small multiples: every self-test that has results (or ``tests``), one panel each."""
    from hipcourse.models import assessment

    rows = assessment._as_results(records)
    ids = (
        list(tests)
        if tests is not None
        else [
            t.id
            for t in assessment.load_tests().tests
            if any(r.test == t.id and r.date for r in rows)
        ]
    )
    if not ids:
        fig, ax = new_figure((6.4, 2.0))
        ax.axis("off")
        ax.text(0.5, 0.5, "No self-test results yet", ha="center", va="center")
        return set_alt(fig, "An empty chart: no self-test results have been recorded yet.")
    ncols = 2
    nrows = (len(ids) + 1) // ncols
    fig = Figure(figsize=(9.6, 2.9 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    alts = []
    for ax, tid in zip(axes, ids, strict=False):
        alts.append(alt_text(progress_test(records, tid, ax=ax)))
    for ax in axes[len(ids) :]:
        ax.axis("off")
    return set_alt(fig, f"{len(ids)} small charts, one per self-test. " + " ".join(alts))


def sessions_calendar(sessions, ax=None) -> Figure:
    """A calendar of stretching sessions: one column per week, one row per weekday.

    Darker cells mean more sessions that day; the number above each column is the
    week's total.
    """
    import datetime as _dt

    from hipcourse.models import assessment, journal

    days = journal.sessions_per_day(sessions)
    weeks = journal.sessions_per_week(sessions)
    fig, ax = new_figure((max(4.0, 0.55 * len(weeks) + 2.2), 3.2), ax)
    if not weeks:
        ax.axis("off")
        ax.text(0.5, 0.5, "No sessions yet", ha="center", va="center")
        return set_alt(fig, "An empty calendar: no stretching sessions have been recorded yet.")
    shades = [PALETTE["sky"], PALETTE["blue"]]
    for col, (monday, total) in enumerate(weeks):
        for row in range(7):
            k = days.get(monday + _dt.timedelta(days=row), 0)
            face = "#eeeeee" if k == 0 else shades[min(k, 2) - 1]
            ax.add_patch(
                matplotlib.patches.Rectangle(
                    (col - 0.45, row - 0.45), 0.9, 0.9, facecolor=face, edgecolor="white"
                )
            )
        ax.text(col, -0.9, str(total), ha="center", va="center", fontsize=8)
    ax.set_xlim(-0.6, len(weeks) - 0.4)
    ax.set_ylim(6.6, -1.4)
    ax.set_yticks(range(7))
    ax.set_yticklabels(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], fontsize=8)
    ax.set_xticks(range(len(weeks)))
    ax.set_xticklabels([m.strftime("%d %b") for m, _ in weeks], rotation=45, ha="right", fontsize=8)
    ax.set_xlabel("week starting (Monday)")
    ax.set_title(
        "Stretching sessions per day (number above a column: sessions that week)", fontsize=9
    )
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    handles = [
        matplotlib.patches.Patch(facecolor=c, label=lbl)
        for c, lbl in (("#eeeeee", "none"), (shades[0], "1 session"), (shades[1], "2 or more"))
    ]
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False
    )
    empty = [assessment.format_date(m) for m, k in weeks if k == 0]
    set_alt(
        fig,
        (
            f"Calendar of {sum(k for _, k in weeks)} stretching sessions over {len(weeks)} weeks, "
            f"from the week of {assessment.format_date(weeks[0][0])} to the week of "
            f"{assessment.format_date(weeks[-1][0])}. Sessions per week: "
            f"{', '.join(str(k) for _, k in weeks)}."
            + (f" No sessions in the week of {', '.join(empty)}." if empty else "")
        ),
    )
    return fig


def weekly_minutes(sessions, ax=None) -> Figure:
    """Minutes under stretch per muscle group per week (per side), against the guidance.

    The shaded band is the weekly guidance of :data:`hipcourse.models.routine.DOSE` (the
    object the routine builder uses too): from at least 5 min per group a week (Thomas et
    al. 2018, Int J Sports Med 39:243) up to ACSM's daily 60 s (7 min); the dashed line is
    ACSM's minimum, 2 days x 60 s (Garber et al. 2011, Med Sci Sports Exerc 43:1334).
    """
    from hipcourse.models import journal
    from hipcourse.models.routine import DOSE as dose

    low, high = dose.weekly_band_min
    weeks = journal.minutes_per_week(sessions)
    fig, ax = new_figure((max(6.4, 0.9 * len(weeks) + 2.5), 3.6), ax)
    cat = load_catalog()
    width = 0.8 / len(GROUP_IDS)
    x = np.arange(len(weeks))
    for i, g in enumerate(GROUP_IDS):
        ax.bar(
            x - 0.4 + width * (i + 0.5),
            [m[g] for _, m in weeks],
            width,
            color=GROUP_COLOURS[g],
            label=cat.group(g).name,
            edgecolor="white",
            lw=0.4,
        )
    ax.axhspan(
        low,
        high,
        color=PALETTE["grey"],
        alpha=0.25,
        lw=0,
        label=f"guidance {low:g}–{high:g} min (Thomas et al. 2018; ACSM daily)",
    )
    ax.axhline(
        dose.acsm_minimum_min,
        color=PALETTE["black"],
        ls="--",
        lw=1,
        label=f"ACSM minimum, {dose.acsm_minimum_min:g} min",
    )
    ax.set_xticks(x)
    ax.set_xticklabels([w.strftime("%d %b") for w, _ in weeks], rotation=45, ha="right", fontsize=8)
    ax.set_xlabel("week starting (Monday)")
    ax.set_ylabel("minutes under stretch per side [min]")
    ax.set_title("Weekly stretching dose per muscle group", fontsize=10)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    if not weeks:
        set_alt(fig, "An empty bar chart: no stretching sessions have been recorded yet.")
        return fig
    met = {g: sum(1 for _, m in weeks if m[g] >= low) for g in GROUP_IDS}
    set_alt(
        fig,
        (
            f"Grouped bar chart of minutes under stretch per side for each muscle group in each "
            f"of {len(weeks)} weeks, with a shaded band at the guidance of "
            f"{low:g} to {high:g} minutes a week and a dashed line at ACSM's minimum of "
            f"{dose.acsm_minimum_min:g} minutes. Weeks reaching at least {low:g} minutes: "
            + ", ".join(f"{g} {met[g]} of {len(weeks)}" for g in GROUP_IDS)
            + "."
        ),
    )
    return fig


def thomas_choices() -> Figure:
    """The three pictures of the modified Thomas test picture choice (side view)."""
    from hipcourse.models import assessment

    t = assessment.load_tests().test("thomas-picture")
    fig = Figure(figsize=(9.6, 2.8), layout="constrained")
    axes = fig.subplots(1, 3)
    thigh = 0.45
    for k, (ax, angle) in enumerate(zip(axes, (15.0, 0.0, -12.0), strict=False), start=1):
        hip = np.array([-0.06, 0.03])
        ax.add_patch(matplotlib.patches.Rectangle((-1.4, -0.08), 1.4, 0.08, color=PALETTE["grey"]))
        ax.plot([0, 0.75], [0, 0], ls=":", color=PALETTE["black"], lw=1)
        ax.plot([-1.05, hip[0]], [0.05, hip[1]], color=PALETTE["black"], lw=4)  # trunk
        ax.add_patch(matplotlib.patches.Circle((-1.17, 0.09), 0.09, color=PALETTE["black"]))
        held = hip + 0.4 * np.array([np.cos(np.radians(125)), np.sin(np.radians(125))])
        ax.plot(
            [hip[0], held[0], held[0] - 0.12],
            [hip[1], held[1], held[1] - 0.3],
            color=PALETTE["blue"],
            lw=3,
        )  # hugged leg
        ax.plot([-0.8, held[0]], [0.07, held[1] - 0.02], color=PALETTE["black"], lw=2)  # arm
        knee = hip + thigh * np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
        shin_dir = np.radians(angle - 80)
        foot = knee + 0.42 * np.array([np.cos(shin_dir), np.sin(shin_dir)])
        ax.plot(
            [hip[0], knee[0], foot[0]],
            [hip[1], knee[1], foot[1]],
            color=PALETTE["vermillion"],
            lw=3,
        )
        ax.set_xlim(-1.35, 0.8)
        ax.set_ylim(-0.55, 0.55)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(
            f"{k}: "
            + t.choices[k - 1]
            .split("(")[0]
            .replace("The hanging thigh ", "thigh ")
            .strip()
            .rstrip("."),
            fontsize=8,
            wrap=True,
        )
    set_alt(
        fig,
        (
            "Three stick figures lying on their back at the end of a table, one knee "
            "hugged to the chest and the other leg hanging over the edge. Picture 1: the "
            "hanging thigh points above the dotted table line. Picture 2: the thigh is "
            "level with it. Picture 3: the thigh drops below it."
        ),
    )
    return fig
