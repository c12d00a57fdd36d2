"""Saving and legend helpers shared by all figures."""
import math

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator

from .. import style
from ..dims import fmt_dims
from ..document import Figure


def save(fig, outdir, stem, title, caption):
    figdir = outdir / "figures"
    figdir.mkdir(parents=True, exist_ok=True)
    # Fixed metadata so re-rendering the same results gives identical files.
    fig.savefig(figdir / f"{stem}.png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    fig.savefig(figdir / f"{stem}.svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return Figure(stem=stem, title=title, caption=caption)


def save_panels(fig, axes, ylabel, outdir, stem, title, caption, **legend):
    """Ends a grid of panels: the y label on the first panel, one legend of every encoding
    (encoding_legend's keywords) on the last, then saves the figure."""
    axes[0][0].set_ylabel(ylabel)
    encoding_legend(axes[0][-1], **legend)
    return save(fig, outdir, stem, title, caption)


class SeriesMarkers:
    """Marker per machine when there are several machines, else per group of the other problem dims
    (e.g. rows=1 vs rows=4096); when both vary, the dims are written next to each line instead."""

    def __init__(self, machines, rests):
        self.machines, self.rests = sorted(machines), sorted(rests)
        self.by = "machine" if len(self.machines) > 1 else "rest" if len(self.rests) > 1 else None

    def marker(self, machine, rest):
        if self.by == "rest":
            return style.MACHINE_MARKERS[self.rests.index(rest) % len(style.MACHINE_MARKERS)]
        return style.machine_marker(self.machines, machine)

    @property
    def annotate(self):
        return self.by == "machine" and len(self.rests) > 1

    def legend(self):
        if self.by == "machine":
            return [(m, self.marker(m, None)) for m in self.machines]
        if self.by == "rest":
            return [(fmt_dims(r), self.marker(None, r)) for r in self.rests]
        return []

    def caption(self):
        if self.by == "machine":
            return " marker = machine" + ("; other problem dims written at each line's end." if self.annotate else ";")
        if self.by == "rest":
            return " marker = " + ", ".join(sorted({k for r in self.rests for k, _ in r})) + ";"
        return ""


def encoding_legend(ax, colors=(), caches=(), markers=(), loc="best", outside=False, fills=False):
    """One legend explaining each encoding: colour entries, linestyle per cache, markers."""
    handles = [Line2D([], [], color=c, lw=2, label=label) for label, c in colors]
    handles += [Line2D([], [], color="0.3", ls=style.cache_linestyle(c), label=style.CACHE_LABEL.get(c, c))
                for c in caches]
    handles += [Line2D([], [], color="0.3", ls="", marker=mk, label=label) for label, mk in markers]
    if fills:
        handles += [Line2D([], [], color="0.3", ls="", marker="o", label="filled: in cache"),
                    Line2D([], [], color="0.3", ls="", marker="o", markerfacecolor="none", label="hollow: out of cache")]
    if handles and outside:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False)
    elif handles:
        ax.legend(handles=handles, loc=loc, fontsize=7, framealpha=0.85)


def log_if_wide(ax, axis, values, decades=1.3):
    vals = [v for v in values if v and v > 0]
    if vals and max(vals) / min(vals) > 10 ** decades:
        set_log(ax, axis)


def _tick_label(v, _pos=None):
    if v <= 0:
        return ""
    exp = math.floor(math.log10(v) + 1e-9)
    mant = v / 10 ** exp
    if abs(mant - 1) < 1e-6:
        return f"1e{exp}" if abs(exp) >= 3 else f"{v:g}"
    return f"{v:g}" if 1e-3 <= v < 1e4 else f"{mant:.0f}e{exp}"


def set_log(ax, axis):
    """Log scale with plain-text tick labels (mathtext labels are slow and noisy) and no minor labels."""
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    a = ax.xaxis if axis == "x" else ax.yaxis
    a.set_major_formatter(FuncFormatter(_tick_label))
    a.set_minor_locator(LogLocator(subs=(2.0, 5.0)))

    def minor(v, pos=None):
        lo, hi = sorted(a.get_view_interval())
        return _tick_label(v) if lo > 0 and hi / lo < 10 ** 1.6 else ""
    a.set_minor_formatter(FuncFormatter(minor))
