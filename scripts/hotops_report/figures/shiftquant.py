"""ShiftQuant report blocks (kernels/shiftquant/README.md): training-step time per precision and width
with the speedup over the FP16 counterpart, the GEMM library's goals against the measured ceilings and
oneDNN, and the quantization-error table."""
import matplotlib.pyplot as plt

from .. import ceilings as ceil
from .. import shiftquant_error
from ..document import Table, Text
from .common import save, set_log

FAMILY = "shiftquant"
PAPER_SPEEDUP = 1.85  # the abstract: "more than 1.85x on CPU" over the FP16 counterpart

# Series of the step figure: (label, algorithm, dtypes or None for any) in drawing order.
STEP_SERIES = (
    ("ShiftQuant int4", "step_shift", ("int4",)), ("ShiftQuant int6", "step_shift", ("int6",)),
    ("ShiftQuant int8", "step_shift", ("int8",)), ("float groups, K loop", "step_fmagroup", None),
    ("float groups, rearranged", "step_rearranged", None), ("per-row int8", "step_rowwise", None),
    ("oneDNN s8", "step_onednn_s8", None), ("FP16 (fp16 storage, f32 FMA)", "step_f16", None),
    ("f32", "step_f32", None), ("oneDNN f32", "step_onednn_f32", None), ("bf16", "step_bf16", None),
    ("oneDNN bf16", "step_onednn_bf16", None))


def _shape(run):
    d = run.dims
    return d.get("tokens"), d.get("k"), d.get("n")


def _best(runs):
    """Fastest run per (shape, cache) by median time."""
    out = {}
    for r in runs:
        key = (_shape(r), r.cache)
        if key not in out or r.median < out[key].median:
            out[key] = r
    return out


def step_series(runs):
    """{label: {(shape, cache): best run}} for the step variants of one machine."""
    ok = [r for r in runs if r.ok and r.family == FAMILY and r.options.get("op") == "step"
          and r.options.get("dir", "train") == "train"]
    series = {}
    for label, alg, dtypes in STEP_SERIES:
        sel = [r for r in ok if r.algorithm == alg and (dtypes is None or r.dtype in dtypes)]
        if sel:
            series[label] = _best(sel)
    return series


def step_figure(outdir, runs_by_machine):
    machines = [m for m in sorted(runs_by_machine) if step_series(runs_by_machine[m])]
    if not machines:
        return None
    fig, axes = plt.subplots(2, len(machines), figsize=(7.5 * len(machines), 7.4), squeeze=False)
    for col, m in enumerate(machines):
        series = step_series(runs_by_machine[m])
        keys = sorted({k for s in series.values() for k in s}, key=lambda k: (k[0][0] * k[0][1] * k[0][2], k))
        xs = {k: i for i, k in enumerate(keys)}
        ax, sp = axes[0][col], axes[1][col]
        colors = plt.get_cmap("tab20").colors
        for i, (label, pts) in enumerate(series.items()):
            ks = sorted(pts, key=xs.get)
            ax.plot([xs[k] for k in ks], [pts[k].median * 1e3 for k in ks], marker="os^Dv<>P*Xh+"[i % 12],
                    ls=":", lw=0.8, ms=5, color=colors[i % len(colors)], label=label)
        fp16 = series.get("FP16 (fp16 storage, f32 FMA)", {})
        for i, label in enumerate(("ShiftQuant int4", "ShiftQuant int6", "ShiftQuant int8")):
            pts = {k: fp16[k].median / r.median for k, r in series.get(label, {}).items() if k in fp16}
            if pts:
                ks = sorted(pts, key=xs.get)
                sp.plot([xs[k] for k in ks], [pts[k] for k in ks], marker="os^"[i], color=colors[i], label=label)
        sp.axhline(PAPER_SPEEDUP, color="0.2", ls="--", lw=1)
        sp.annotate(f"paper: > {PAPER_SPEEDUP}× (CPU)", (0, PAPER_SPEEDUP), va="bottom", fontsize=7)
        sp.axhline(1.0, color="0.5", lw=0.8)
        labels = [f"{t}×{k}×{n}\n{'out' if c == 'out' else 'in'}" for (t, k, n), c in keys]
        for a in (ax, sp):
            a.set_xticks(range(len(keys)))
            a.set_xticklabels(labels, fontsize=6.5, rotation=30, ha="right")
            a.grid(alpha=0.3)
        set_log(ax, "y")
        ax.set_ylabel("step time, median (ms)")
        ax.set_title(f"{m}: training step Y, dX, dW (tokens×K×N)", fontsize=9)
        sp.set_ylabel("speedup over the FP16 step")
        sp.set_title("ShiftQuant step (g = 128) ÷ FP16 counterpart, same shape", fontsize=9)
        ax.legend(fontsize=6.5, ncol=2, loc="upper left")
        sp.legend(fontsize=7, loc="best")
    fig.tight_layout()
    caption = ("Training step of a Linear layer (f32 X, W, dY in; f32 Y, dX, dW out; quantization or fp16/bf16 "
               "conversion included) per precision and width, best ISA per series; below, ShiftQuant's speedup "
               "over the FP16 counterpart (fp16 storage, F16C, f32 FMA: this CPU has no fp16 arithmetic).")
    return save(fig, outdir, f"{FAMILY}_steps", f"{FAMILY}: training step time per precision and width", caption)


PEAKS = ("int8 avx512vnni dot", "int8 avxvnni dot", "int8 avx2 dot", "bf16 avx512bf16 dot", "fp32 avx512f fma",
         "fp32 avx2 fma")


def gemm_roofline(outdir, runs_by_machine, ceilings_by_machine):
    """The GEMMs (op=gemm) in GOP/s against the measured int8, bf16 and fp32 peaks and the memory roofs."""
    machines = [m for m in sorted(runs_by_machine)
                if any(r.ok and r.options.get("op") == "gemm" and r.derived.get("intensity") for r in runs_by_machine[m])]
    if not machines:
        return None
    fig, axes = plt.subplots(1, len(machines), figsize=(6.4 * len(machines), 4.6), squeeze=False)
    colors = plt.get_cmap("tab10").colors
    for ax, m in zip(axes[0], machines):
        pts = [r for r in runs_by_machine[m] if r.ok and r.options.get("op") == "gemm" and r.derived.get("intensity")]
        groups = {}
        for r in pts:
            groups.setdefault(f"{r.algorithm.removeprefix('gemm_')} {r.dtype}", []).append(r)
        for i, (label, rs) in enumerate(sorted(groups.items())):
            ax.scatter([r.derived["intensity"] for r in rs], [r.derived["gflops"] for r in rs], s=22,
                       marker="os^Dv<>P*X"[i % 10], color=colors[i % 10], label=label, zorder=3)
        xs = [r.derived["intensity"] for r in pts]
        x_lo, x_hi = min(xs) / 4, max(xs) * 4
        c = ceilings_by_machine.get(m) or {}
        for roof in ceil.entries(c):
            if roof.kind == "compute" and roof.value and roof.threads == 1 and roof.name in PEAKS:
                ax.axhline(roof.value, color="0.4", lw=0.9, ls="--")
                ax.annotate(f"{roof.name} {roof.value:.0f}", (x_hi, roof.value), ha="right", va="bottom", fontsize=6.5)
        for roof in ceil.bandwidth_roofs(c, 1):
            if roof.name in ("L3", "DRAM"):
                ax.plot([x_lo, x_hi], [roof.value * x_lo, roof.value * x_hi], color="0.6", lw=0.8)
                ax.annotate(f"{roof.name} {roof.value:.0f} GB/s", (x_lo, roof.value * x_lo), fontsize=6.5, va="bottom")
        set_log(ax, "x")
        set_log(ax, "y")
        ax.set_xlim(x_lo, x_hi)
        ax.set_ylim(min(r.derived["gflops"] for r in pts) / 3, max([r.derived["gflops"] for r in pts] +
                                                                   [1.0]) * 4)
        ax.set_xlabel("operations per byte (work model)")
        ax.set_ylabel("GOP/s (int8 MACs, bf16 and fp32 FLOPs: 2 per multiply-add)")
        ax.set_title(f"{m}: GEMMs Y = X·W on the measured peaks (1 thread)", fontsize=9)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=6.5, loc="lower right")
    fig.tight_layout()
    caption = ("Each GEMM of the family (all sizes) at its work-model intensity; dashed: the ceilings tool's peaks "
               "per op kind (vpdpbusd int8, vdpbf16ps bf16, FMA fp32), one thread; lines: L3 and DRAM bandwidth. "
               "Ceilings measured on a busy machine read low: a point above its peak is a ceiling problem, not a win.")
    return save(fig, outdir, f"{FAMILY}_gemm_roofline", f"{FAMILY}: GEMM roofline", caption)


def _pick(runs, alg, dtype=None, group=None, peer=False):
    sel = [r for r in runs if r.ok and r.algorithm == alg and (dtype is None or r.dtype == dtype)
           and (group is None or r.dims.get("group") == group) and r.is_peer == peer]
    return min(sel, key=lambda r: r.median) if sel else None


def _int8_peak(run):
    for part in ((run.derived.get("compute_ceiling") or {}).get("parts") or []):
        if part.get("kind") == "int8_mac":
            return part.get("peak"), part.get("gops")
    return None, None


def goals_table(runs_by_machine):
    """The GEMM goals (issue 11), per machine, at the largest square GEMM measured."""
    rows = []
    for m in sorted(runs_by_machine):
        gemms = [r for r in runs_by_machine[m] if r.family == FAMILY and r.options.get("op") == "gemm" and r.ok]
        squares = sorted({r.dims["k"] for r in gemms if r.dims.get("tokens") == r.dims.get("k") == r.dims.get("n")})
        if not squares:
            continue
        size = squares[-1]
        at = [r for r in gemms if r.dims.get("tokens") == r.dims.get("k") == r.dims.get("n") == size]
        own8 = _pick(at, "gemm_rowwise", "int8")
        dnn8 = _pick(at, "gemm_onednn_s8", "int8", peer=True)
        f32 = _pick(at, "gemm_f32", "f32")
        dnn32 = _pick(at, "gemm_onednn_f32", "f32", peer=True)
        f16 = _pick(at, "gemm_f16", "f16")
        shift = _pick(at, "gemm_shift", "int8", group=128)
        kloop = _pick(at, "gemm_fmagroup", "int8", group=128)
        rearr = _pick(at, "gemm_rearranged", "int8", group=128)

        def ratio(a, b):  # speed of a relative to b
            return b.median / a.median if a and b else None

        peak_name, peak = _int8_peak(own8) if own8 else (None, None)
        goals = [
            ("own int8 GEMM (no groups) vs the measured int8 peak", own8 and peak and own8.derived["gflops"] / peak,
             0.80, f"{own8.variant}: {own8.derived['gflops']:.0f} GOP/s of {peak_name} {peak:.0f}" if own8 and peak
             else "no int8 peak measured"),
            ("own int8 GEMM vs oneDNN s8·s8→s32", ratio(own8, dnn8), 0.90, _names(own8, dnn8)),
            ("own f32 GEMM vs oneDNN f32 (within 10 %)", ratio(f32, dnn32), 0.90, _names(f32, dnn32)),
            ("fp16-storage GEMM vs own f32", ratio(f16, f32), 0.90, _names(f16, f32)),
            ("ShiftQuant g=128 int8 vs no-group int8", ratio(shift, own8), 0.90, _names(shift, own8)),
            ("float groups in the K loop vs no-group int8 (context)", ratio(kloop, own8), None, _names(kloop, own8)),
            ("float groups rearranged vs no-group int8 (context)", ratio(rearr, own8), None, _names(rearr, own8)),
        ]
        for text, value, target, detail in goals:
            verdict = "—" if value is None or target is None else ("met" if value >= target else
                                                                    f"not met: {100 * (target - value):.0f} points short")
            if text.endswith("int8 peak") and value is not None and value > 1:
                verdict = "ceiling suspect: above 100 % of the measured peak (measured on a busy machine?)"
            rows.append([m, f"{size}³", text, "—" if value is None else f"{value:.2f}",
                         "—" if target is None else f"≥ {target:.2f}", verdict, detail])
    if not rows:
        return None
    return Table("GEMM goals (single thread, side by side in one run)",
                 ["machine", "size", "goal", "ours", "target", "verdict", "measured"], rows,
                 "Ratios of median times from one run (the VM is shared: compare ratios, not absolute times); "
                 "the int8 peak is the ceilings tool's vpdpbusd peak on the ISA the variant computes with.")


def _names(a, b):
    if not (a and b):
        return "not measured"
    return (f"{a.variant} {a.derived.get('gflops', 0):.0f} vs {b.variant} {b.derived.get('gflops', 0):.0f} GOP/s "
            f"({a.derived.get('pct_of_ceiling') or 0:.0f} % vs {b.derived.get('pct_of_ceiling') or 0:.0f} % of ceiling)")


def error_table():
    rows = []
    for r in shiftquant_error.error_table(rows=128, cols=512):
        rows.append([r["input"], str(r["bits"]), str(r["group"])] +
                    [f"{r[k]:.3g}" for k in ("pow2", "pow2_sr", "float", "best", "row")] + [f"{r['pow2_over_best']:.2f}"])
    return Table("Quantization error: relative MSE (Σ(x̂ − x)² / Σx²) of each quantizer",
                 ["input", "bits", "g", "ShiftQuant (pow2)", "pow2, stochastic", "float scale (amax)",
                  "best float scale", "per row (float)", "pow2 ÷ best"], rows,
                 "128×512 synthetic tensors quantized along rows (scripts/hotops_report/shiftquant_error.py, bit-exact "
                 "with the C++ quantizers on the golden case). Best float scale: per group the clipping "
                 "α·amax/qmax, α ∈ [0.5, 1], of least squared error — the upper bound of group quantization. "
                 "With one ±1000 outlier per group the outlier dominates Σx²; a float amax scale represents it "
                 "exactly, a power of two cannot, hence the large ratios there. The paper's claim is about training "
                 "accuracy (not measurable by kernels): these errors are context, not a verdict.")


def blocks(outdir, runs_by_machine, ceilings_by_machine):
    out = []
    for fig in (step_figure(outdir, runs_by_machine), gemm_roofline(outdir, runs_by_machine, ceilings_by_machine)):
        if fig:
            out.append(fig)
    goals = goals_table(runs_by_machine)
    out.append(goals if goals else Text("No square GEMM of the shiftquant family in these results: goals not shown."))
    out.append(error_table())
    return out
