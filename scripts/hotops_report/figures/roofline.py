"""Roofline (log-log): measured bandwidth roofs per memory level and compute peaks per ISA, one
marker per variant x size. A panel per machine and device (CPU, or a GPU with its own ceilings);
colour by ISA (or by family on the overview)."""
import math
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np

from .. import ceilings as ceil
from .. import style
from .common import encoding_legend, save, set_log


def _plot_roofs(ax, bws, comps, x_lo, x_hi, y_lo):
    top = max((r.value for r in comps), default=None)
    xs = np.logspace(math.log10(x_lo), math.log10(x_hi), 64)
    for i, r in enumerate(bws):
        y = r.value * xs
        if top:
            y = np.minimum(y, top)
        ax.plot(xs, y, color="0.35", lw=1, ls=("-", "--", "-.", ":")[i % 4], zorder=1)
        x_label = max(x_lo, 1.3 * y_lo / r.value)     # where the roof enters the visible area
        if x_label < x_hi:
            ax.annotate(f"{r.name} {r.detail} {r.value:.0f} GB/s".replace("  ", " "), (x_label, r.value * x_label),
                        fontsize=6.5, color="0.25", va="bottom")
    for r in comps:
        ax.axhline(r.value, color="0.55", lw=0.9, zorder=1)
        ax.annotate(f"{r.name} {r.value:.0f} GFLOP/s", (x_hi, r.value), fontsize=6.5, color="0.25",
                    ha="right", va="bottom")
    return bool(bws or comps)


def roofline_figure(outdir, stem, title, runs_by_machine, ceilings_by_machine, color_by="isa"):
    panels = {}
    for m in sorted(runs_by_machine):
        for r in runs_by_machine[m]:
            if r.ok and (r.derived.get("intensity") or 0) > 0 and (r.derived.get("gflops") or 0) > 0:
                panels.setdefault((m, r.device), []).append(r)
    if not panels:
        return None
    keys_order = sorted(panels, key=lambda k: (k[0], k[1] != "cpu", k[1]))
    fig, axes = plt.subplots(1, len(panels), figsize=(5.4 * len(panels), 4.2), squeeze=False)
    keys, algs = set(), sorted({r.algorithm for rs in panels.values() for r in rs})
    markers = {a: style.ALGORITHM_MARKERS[i % len(style.ALGORITHM_MARKERS)] for i, a in enumerate(algs)}
    missing = []
    for ax, (m, device) in zip(axes[0], keys_order):
        pts = panels[(m, device)]
        xs = [r.derived["intensity"] for r in pts]
        ys = [r.derived["gflops"] for r in pts]
        c = ceilings_by_machine.get(m)
        threads = Counter(r.threads for r in pts).most_common(1)[0][0]
        bws, comps = ceil.bandwidth_roofs(c, threads, device), ceil.compute_roofs(c, threads, device)
        ridge = max((r.value for r in comps), default=0) / min((r.value for r in bws), default=1e300)
        x_lo, x_hi = min(xs) / 10, max(max(xs) * 10, ridge * 2)
        y_lo, y_hi = min(ys) / 3, max([max(ys)] + [r.value for r in comps]) * 2.5
        label = m if device == "cpu" else f"{m} ({device})"
        if not _plot_roofs(ax, bws, comps, x_lo, x_hi, y_lo):
            missing.append(label)
        groups = {}
        for r in pts:
            key = r.family if color_by == "family" else r.isa
            keys.add(key)
            groups.setdefault((key, r.algorithm, r.cache == "in"), []).append(r)
        for (key, alg, filled), rs in sorted(groups.items()):
            color = style.family_color(key) if color_by == "family" else style.isa_color(key)
            ax.scatter([r.derived["intensity"] for r in rs], [r.derived["gflops"] for r in rs], s=18,
                       marker=markers[alg], facecolors=color if filled else "none", edgecolors=color,
                       linewidths=0.9, zorder=3)
        set_log(ax, "x")
        set_log(ax, "y")
        ax.set_xlim(x_lo, x_hi)
        ax.set_ylim(y_lo, y_hi)
        ax.set_xlabel("arithmetic intensity (FLOP/byte, work model)")
        ax.set_title(label + (" — no ceilings measured" if label in missing else ""), fontsize=9)
        ax.grid(alpha=0.3, which="major")
    axes[0][0].set_ylabel("performance (GFLOP/s)")
    colorer = style.family_color if color_by == "family" else style.isa_color
    encoding_legend(axes[0][-1], colors=[(k, colorer(k)) for k in sorted(keys)],
                    markers=[(a, markers[a]) for a in algs] if len(algs) <= 10 else (), outside=True,
                    fills=True)
    caption = (f"Roofline: lines = measured bandwidth per memory level (best kernel's median), horizontal = "
               f"measured compute peaks; a panel per machine and device (a GPU's panel uses its own ceilings: "
               f"device L2 and memory, FMA and tensor-core peaks); marker = one variant x size, colour = "
               f"{color_by}, shape = algorithm, filled = in cache, hollow = out of cache.")
    if missing:
        caption += f" No ceilings found for: {', '.join(missing)} (points only)."
    return save(fig, outdir, stem, title, caption)
