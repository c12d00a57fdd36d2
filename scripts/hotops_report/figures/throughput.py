"""Throughput (GB/s of the family's minimum bytes) vs problem size: a panel per ISA, a colour per
algorithm, peers (oneDNN, XNNPACK, PyTorch, ...) repeated in every panel of their device, band from p20/p80."""
import matplotlib.pyplot as plt

from .. import style
from ..dims import fmt_dims
from .common import SeriesMarkers, log_if_wide, save_panels, set_log


def throughput_figure(outdir, family, runs_by_machine, xdim):
    machines = sorted(runs_by_machine)
    ok = [r for m in machines for r in runs_by_machine[m] if r.ok and xdim in r.dims and r.work.get("bytes")]
    if not ok:
        return None
    isas = sorted({r.isa for r in ok if not r.is_peer}) or ["peer"]
    peers = [r for r in ok if r.is_peer]
    fig, axes = plt.subplots(1, len(isas), figsize=(4.6 * len(isas), 3.9), squeeze=False, sharey=True)
    algs, caches, ys = set(), set(), []
    mk = SeriesMarkers(machines, {tuple(sorted((k, v) for k, v in r.dims.items() if k != xdim)) for r in ok})
    device_of = {r.isa: r.device for r in ok if not r.is_peer}
    for ax, isa in zip(axes[0], isas):
        mine = [r for r in ok if r.isa == isa and not r.is_peer] + \
               [p for p in peers if p.device == device_of.get(isa, p.device)]
        series = {}
        for r in mine:
            rest = tuple(sorted((k, v) for k, v in r.dims.items() if k != xdim))
            series.setdefault((r.machine, r.variant, r.algorithm, r.cache, r.threads, rest), []).append(r)
        for (m, variant, alg, cache, threads, rest), rs in sorted(series.items()):
            rs.sort(key=lambda r: r.dims[xdim])
            x = [r.dims[xdim] for r in rs]
            lo, mid, hi = zip(*(r.gbps_band() for r in rs))
            color = style.algorithm_color(alg)
            ax.plot(x, mid, color=color, ls=style.cache_linestyle(cache), marker=mk.marker(m, rest),
                    ms=3.5, lw=1.2 if not rs[0].is_peer else 1.8)
            ax.fill_between(x, lo, hi, color=color, alpha=0.12, lw=0)
            if mk.annotate:
                ax.annotate(fmt_dims(rest), (x[-1], mid[-1]), fontsize=6, color=color, xytext=(3, 2),
                            textcoords="offset points")
            algs.add(alg)
            caches.add(cache)
            ys += list(mid)
        ax.set_title(f"{isa}" + (" (+ peers)" if peers and isa != "peer" else ""), fontsize=9)
        set_log(ax, "x")
        ax.set_xlabel(f"{xdim} (elements)")
        ax.grid(alpha=0.3, which="major")
    for ax in axes[0]:
        log_if_wide(ax, "y", ys)
        if ax.get_yscale() == "linear":
            ax.set_ylim(0, None)   # a linear throughput axis starts at zero
    caption = (f"{family} throughput vs {xdim}: GB/s = the family's minimum bytes (work model) / median time, "
               f"so variants are comparable; colour = algorithm or peer, solid = in cache, dashed = out of "
               f"cache;{mk.caption()} band = p20/p80.")
    return save_panels(fig, axes, "throughput (GB/s, minimum bytes)", outdir, f"{family}_throughput",
                       f"{family}: throughput", caption,
                       colors=[(a, style.algorithm_color(a)) for a in sorted(algs)], caches=sorted(caches),
                       markers=mk.legend())
