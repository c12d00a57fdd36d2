"""Speedup of one algorithm over baselines vs problem size: a panel per baseline, a line per ISA,
solid in cache / dashed out of cache, a marker per machine, a band = 95 % bootstrap interval."""
import matplotlib.pyplot as plt

from .. import style
from ..claims import bootstrap
from ..claims.model import RatioClaim, Select
from ..claims.points import match, same_file
from ..dims import fmt_dims
from .common import SeriesMarkers, log_if_wide, save_panels


def _pair_spec(subject, baseline):
    return RatioClaim(id="", families=(), paper="", text="", paper_value=1.0, paper_text="", kind="speedup",
                      subject=Select((subject,)), baseline=Select((baseline,)), context=True)


def speedup_figure(outdir, family, runs_by_machine, xdim, subject, baselines, bounds=None):
    """bounds: {baseline: [(value, label), ...]} drawn as dotted horizontal lines. None when no data."""
    bounds = bounds or {}
    machines = sorted(runs_by_machine)
    panels = []
    for base in baselines:
        series = {}
        for m in machines:
            for p in filter(same_file, match(_pair_spec(subject, base), runs_by_machine[m])):
                dims, cache, threads, dtype, isa = p.key
                x = dict(dims).get(xdim)
                rest = tuple((k, v) for k, v in dims if k != xdim) + ((("dtype", dtype),) if dtype else ())
                low, high = bootstrap.point_interval(p, bootstrap.seed_of(m, p.key, base))
                series.setdefault((m, isa, cache, threads, rest), []).append((x, p.ratio, low, high))
        if series:
            panels.append((base, series))
    if not panels:
        return None
    mk = SeriesMarkers(machines, {k[-1] for _, s in panels for k in s})
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 3.9), squeeze=False, sharey=True)
    isas, caches, xs = set(), set(), []
    for ax, (base, series) in zip(axes[0], panels):
        for (m, isa, cache, threads, rest), pts in sorted(series.items()):
            pts.sort()
            x = [p[0] for p in pts]
            xs += x
            color = style.isa_color(isa)
            ax.plot(x, [p[1] for p in pts], color=color, ls=style.cache_linestyle(cache),
                    marker=mk.marker(m, rest), ms=4, lw=1.4)
            ax.fill_between(x, [p[2] for p in pts], [p[3] for p in pts], color=color, alpha=0.12, lw=0)
            if mk.annotate:
                ax.annotate(fmt_dims(rest), (x[-1], pts[-1][1]), fontsize=6.5, color=color,
                            xytext=(3, 2), textcoords="offset points")
            isas.add(isa)
            caches.add(cache)
        ax.axhline(1.0, color="0.4", lw=0.8)
        for value, label in bounds.get(base, ()):
            ax.axhline(value, color="0.2", lw=1, ls=":")
            ax.annotate(label, (0.01, value), xycoords=("axes fraction", "data"), va="bottom", fontsize=7)
        ax.set_title(f"{subject} over {base}", fontsize=9)
        ax.set_xlabel(f"{xdim} (elements)")
        log_if_wide(ax, "x", xs, decades=1)
        ax.grid(alpha=0.3, which="major")
    caption = (f"Speedup of {subject} over each baseline vs {xdim}; colour = ISA, solid = in cache, "
               f"dashed = out of cache;{mk.caption()} band = 95 % bootstrap interval of the ratio; dotted = "
               f"bytes-moved bounds without and with write-allocate (out of cache, memory-bound).")
    return save_panels(fig, axes, f"speedup (baseline time ÷ {subject} time)", outdir, f"{family}_speedup",
                       f"{family}: {subject} speedup", caption,
                       colors=[(i, style.isa_color(i)) for i in sorted(isas)], caches=sorted(caches), markers=mk.legend())
