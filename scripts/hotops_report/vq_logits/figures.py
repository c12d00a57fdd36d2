"""Figures of the vq_logits family: speedup of gather and fused over the dense layer vs K (decode) and vs T,
and the dense layer's roofline (memory-bound GEMV at T = 1, compute-bound GEMM at large T)."""
import matplotlib.pyplot as plt

from .. import ceilings as ceil
from .. import style
from ..claims import bootstrap
from ..figures.common import encoding_legend, save, set_log
from ..figures.roofline import _plot_roofs
from .pairs import over_dense, path_of

PATH_COLORS = {"gather": "#1f77b4", "fused": "#d62728", "dense": "#000000"}
DTYPE_LINES = {"f32": "-", "bf16": "--"}
PAPER_X = 6.0   # "up to 6× faster logit computation"


def _from_h(r):
    return r.options.get("from") == "hidden" and r.options.get("out") == "logprob"


def _panel(ax, machine, runs, xdim, fixed, title):
    """Lines of speedup vs xdim, one per path × the other problem keys; only series with ≥ 2 points."""
    drawn = False
    for path in ("gather", "fused"):
        series = {}
        for p in over_dense(runs, path, _from_h):
            s = p.subject
            if any(s.dims.get(k) != v for k, v in fixed.items()):
                continue
            rest = tuple((k, v) for k, v in sorted(s.dims.items()) if k not in (xdim, *fixed)) + \
                ((s.options.get("dtype"), s.cache),)
            low, high = bootstrap.point_interval(p, bootstrap.seed_of(machine, p.key))
            series.setdefault(rest, []).append((s.dims[xdim], p.ratio, low, high))
        for rest, pts in sorted(series.items()):
            if len(pts) < 2:
                continue
            pts.sort()
            x = [q[0] for q in pts]
            dtype = rest[-1][0]
            ax.plot(x, [q[1] for q in pts], color=PATH_COLORS[path], ls=DTYPE_LINES.get(dtype, ":"), marker="o",
                    ms=3.5, lw=1.3)
            ax.fill_between(x, [q[2] for q in pts], [q[3] for q in pts], color=PATH_COLORS[path], alpha=0.12, lw=0)
            label = ",".join(f"{k}={v}" for k, v in rest[:-1]) + f" {dtype}"
            ax.annotate(label, (x[-1], pts[-1][1]), fontsize=6, color=PATH_COLORS[path], xytext=(2, 2),
                        textcoords="offset points")
            drawn = True
    ax.axhline(1.0, color="0.4", lw=0.8)
    ax.axhline(PAPER_X, color="0.2", lw=1, ls=":")
    ax.annotate("paper: up to 6× (hardware, sizes not stated)", (0.01, PAPER_X), xycoords=("axes fraction", "data"),
                va="bottom", fontsize=6.5)
    set_log(ax, "x")
    set_log(ax, "y")
    ax.set_xlabel(xdim)
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3, which="major")
    return drawn


def speedup_figure(outdir, runs_by_machine):
    machines = [m for m in sorted(runs_by_machine) if any(r.ok for r in runs_by_machine[m])]
    if not machines:
        return None
    fig, axes = plt.subplots(len(machines), 2, figsize=(10.5, 3.9 * len(machines)), squeeze=False)
    drawn = False
    for row, m in zip(axes, machines):
        drawn |= _panel(row[0], m, runs_by_machine[m], "codes", {"tokens": 1}, f"{m}: vs K at decode (T = 1)")
        drawn |= _panel(row[1], m, runs_by_machine[m], "tokens", {}, f"{m}: vs T (decode → prefill)")
        row[0].set_ylabel("speedup over the dense layer (time ratio)")
    if not drawn:
        plt.close(fig)
        return None
    encoding_legend(axes[0][-1], colors=[("gather (the paper's pipeline)", PATH_COLORS["gather"]),
                                         ("fused (our derivation)", PATH_COLORS["fused"])],
                    markers=(), outside=True)
    caption = ("Speedup of the codebook layer over the dense layer (time of the fastest dense variant ÷ time of the "
               "fastest gather / fused variant) from h to log-probabilities, one thread, weights streamed from memory; "
               "solid = f32, dashed = bf16 weights; band = 95 % bootstrap interval; the dense problem runs at one K "
               "(it has no codebook). Left: vs codebook size K at T = 1. Right: vs tokens T (T > 1 runs the oneDNN-GEMM "
               "variants). Dotted: the paper's \"up to 6×\", whose hardware and sizes are not stated.")
    return save(fig, outdir, "vq_logits_speedup", "vq_logits: codebook speedup over the dense layer", caption)


def dense_roofline(outdir, runs_by_machine, ceilings_by_machine):
    """The dense layer from h on the roofline, each point labelled with its T."""
    machines = [m for m in sorted(runs_by_machine)
                if any(r.ok and (path_of(r) == "dense" or r.is_peer) and _from_h(r) for r in runs_by_machine[m])]
    if not machines:
        return None
    fig, axes = plt.subplots(1, len(machines), figsize=(6.2 * len(machines), 4.4), squeeze=False)
    isas = set()
    for ax, m in zip(axes[0], machines):
        pts = [r for r in runs_by_machine[m] if r.ok and (path_of(r) == "dense" or r.is_peer) and _from_h(r)
               and (r.derived.get("intensity") or 0) > 0]
        xs = [r.derived["intensity"] for r in pts]
        ys = [r.derived["gflops"] for r in pts]
        c = ceilings_by_machine.get(m)
        bws, comps = ceil.bandwidth_roofs(c, 1), ceil.compute_roofs(c, 1)
        x_lo, x_hi = min(xs) / 4, max(xs) * 4
        y_lo, y_hi = min(ys) / 3, max([max(ys)] + [r.value for r in comps]) * 2
        _plot_roofs(ax, bws, comps, x_lo, x_hi, y_lo)
        top = {}  # one label per T and dtype, at its fastest point
        for r in pts:
            color = style.isa_color(r.isa)
            isas.add(r.isa)
            ax.scatter([r.derived["intensity"]], [r.derived["gflops"]], s=20, color=color,
                       marker="D" if r.options.get("dtype") == "bf16" else "o", zorder=3)
            k = (r.dims["tokens"], r.options.get("dtype"))
            if k not in top or r.derived["gflops"] > top[k].derived["gflops"]:
                top[k] = r
        for (t, dtype), r in sorted(top.items()):
            ax.annotate(f"T={t} {dtype}", (r.derived["intensity"], r.derived["gflops"]), fontsize=6.5,
                        xytext=(4, 3), textcoords="offset points")
        set_log(ax, "x")
        set_log(ax, "y")
        ax.set_xlim(x_lo, x_hi)
        ax.set_ylim(y_lo, y_hi)
        ax.set_xlabel("arithmetic intensity (FLOP/byte: 2·T·V·d + head over W, h, outputs)")
        ax.set_title(f"{m}: dense layer h·Wᵀ + log-sum-exp over V", fontsize=9)
        ax.grid(alpha=0.3, which="major")
    axes[0][0].set_ylabel("performance (GFLOP/s)")
    encoding_legend(axes[0][-1], colors=[(i, style.isa_color(i)) for i in sorted(isas)],
                    markers=[("f32 weights", "o"), ("bf16 weights", "D")], outside=True)
    caption = ("The dense output layer on the measured roofline (one thread): at T = 1 the GEMV streams W once per "
               "token (intensity ≈ 0.5 FLOP/byte f32, 1 bf16) under the DRAM roof; the intensity grows with T "
               "(2·T flops per weight), so at T = 64 and 512 the GEMM meets the compute roof. Colour = the ISA the "
               "variant declares (jit = oneDNN's GEMM); circles f32, diamonds bf16 weights.")
    return save(fig, outdir, "vq_logits_dense_roofline", "vq_logits: the dense layer on the roofline", caption)
