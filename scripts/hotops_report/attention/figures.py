"""Attention figures: time per head vs n per kind (the linear/softmax crossover marked), and the products'
GFLOP/s vs n per variant against the measured FMA and bf16 peaks."""
import matplotlib.pyplot as plt

from .. import style
from ..figures.common import encoding_legend, save, set_log
from . import crossover as X
from . import runs as R


def _panels(runs):
    return sorted({(r.dims.get("d"), R.causal(r)) for r in R.ours(runs, dir="fwd", dtype="f32")})


def time_vs_n_figure(outdir, runs_by_machine):
    """One panel per (d, causal), a line per kind (flash; linear variants for linear), fastest f32 forward."""
    runs = [r for m in sorted(runs_by_machine) for r in runs_by_machine[m]]
    panels = _panels(runs)
    if not panels:
        return None
    fig, axes = plt.subplots(1, len(panels), figsize=(4.3 * len(panels), 3.8), squeeze=False, sharey=True)
    kinds_seen = set()
    for ax, (d, c) in zip(axes[0], panels):
        for kind in R.KINDS:
            s = X.series(runs, kind, d, c)
            if not s:
                continue
            kinds_seen.add(kind)
            ns = sorted(s)
            ax.plot(ns, [s[n] for n in ns], marker="o", ms=3.5, lw=1.4, color=R.KIND_COLORS[kind])
        n_star, _ = X.crossover(X.series(runs, "linear", d, c), X.series(runs, "softmax", d, c))
        if n_star:
            ax.axvline(n_star, color="0.3", ls=":", lw=1)
            ax.annotate(f"crossover\nn ≈ {n_star:.0f}", (n_star, 0.97), xycoords=("data", "axes fraction"),
                        va="top", ha="left", fontsize=7, xytext=(3, 0), textcoords="offset points")
        set_log(ax, "x")
        set_log(ax, "y")
        ax.set_title(f"d = {d}, {'causal' if c else 'full'}", fontsize=9)
        ax.set_xlabel("n (queries = keys)")
        ax.grid(alpha=0.3, which="major")
    axes[0][0].set_ylabel("time per head (s, median)")
    encoding_legend(axes[0][-1], colors=[(k, R.KIND_COLORS[k]) for k in R.KINDS if k in kinds_seen], loc="upper left")
    caption = ("Attention forward, f32, one thread: median time per head vs n for each kind — softmax, sigmoid, "
               "softplus on the flash kernel, linear on its own O(n·d²) kernel (fastest ISA measured). Dotted: the "
               "crossover where linear attention overtakes softmax attention (log-log interpolation).")
    return save(fig, outdir, "attention_time_vs_n", "attention: time vs n per kind", caption)


def gflops_figure(outdir, runs_by_machine, ceilings_by_machine):
    """Softmax forward, full attention: the products' GFLOP/s per variant vs n, one panel per d, with the
    machine's fp32 FMA and bf16 dot peaks (1 thread) and 70 % of them."""
    runs = [r for m in sorted(runs_by_machine) for r in runs_by_machine[m]]
    sel = [r for r in runs if r.ok and r.family == "attention" and R.kind(r) == "softmax" and not R.causal(r)
           and R.direction(r) == "fwd" and not {"scale", "bias"} & set(r.options)]
    ds = sorted({r.dims["d"] for r in sel})
    if not ds:
        return None
    ceilings = next(iter(ceilings_by_machine.values()), None) if ceilings_by_machine else None
    fig, axes = plt.subplots(1, len(ds), figsize=(5.0 * len(ds), 3.9), squeeze=False, sharey=True)
    variants = sorted({r.variant for r in sel})
    colors = {v: plt.get_cmap("tab10")(i % 10) for i, v in enumerate(variants)}
    files = sorted({r.source.name for r in sel})
    for ax, d in zip(axes[0], ds):
        by = {}
        for r in sel:   # one line per variant, head count and results file: runs measured together
            if r.dims["d"] == d:
                by.setdefault((r.variant, r.dims.get("heads", 1), r.source.name), []).append(r)
        for (variant, heads, name), rs in sorted(by.items()):
            rs.sort(key=lambda r: r.dims["n"])
            ax.plot([r.dims["n"] for r in rs], [R.product_gflops(r) for r in rs], color=colors[variant], lw=1.2,
                    marker=style.MACHINE_MARKERS[files.index(name) % len(style.MACHINE_MARKERS)], ms=3.5,
                    ls="-" if heads > 1 else "--")
        for name, label in (("fp32 avx512f fma", "fp32 FMA peak"), ("bf16 avx512bf16 dot", "bf16 dot peak")):
            p = R.peak(ceilings, name)
            if p:
                ax.axhline(p, color="0.2", lw=1)
                ax.axhline(0.7 * p, color="0.2", lw=0.8, ls=":")
                ax.annotate(f"{label} {p:.0f} (70 %: dotted)", (0.01, p), xycoords=("axes fraction", "data"),
                            va="bottom", fontsize=7)
        set_log(ax, "x")
        ax.set_ylim(0, None)
        ax.set_title(f"softmax forward, d = {d}, full attention", fontsize=9)
        ax.set_xlabel("n")
        ax.grid(alpha=0.3, which="major")
    axes[0][0].set_ylabel("GFLOP/s of the products (4·n²·d per head)")
    encoding_legend(axes[0][-1], colors=[(v, colors[v]) for v in variants],
                    markers=[(name.split("-", 1)[-1].removesuffix(".json"), style.MACHINE_MARKERS[i % 8])
                             for i, name in enumerate(files)], outside=True)
    caption = ("Products' rate (QKᵀ and PV, 4·n²·d flops per head ÷ median time) of every variant on softmax "
               "attention forward, against the measured 1-thread peaks; solid: several heads, dashed: one head; "
               "marker: results file (compare lines of one file only: each file is one side-by-side run, and on a "
               "shared machine the load differs between runs). Materialized variants and the oneDNN peer hold all "
               "n² scores; flash holds one 64-key block.")
    return save(fig, outdir, "attention_gflops", "attention: flash vs materialized vs oneDNN", caption)
