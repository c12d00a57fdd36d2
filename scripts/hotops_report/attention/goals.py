"""The attention family's speed goals (issue 12), judged from the side-by-side runs of the attention_goals
suite (all attention runs when there are none): met, not met (with the gap and the roofline's reason) or
inconclusive (an interval straddling the threshold, or a rate above the measured peak — a peak measured
while the machine was busy reads low)."""
from ..claims import bootstrap
from ..claims.model import Point, RatioClaim, Select
from ..claims.points import match, same_file
from ..document import Table
from . import runs as R

PEAK_SHARE = 0.70


def _pairs(runs, subject, baseline):
    spec = RatioClaim(id="", families=(), paper="", text="", paper_value=1.0, paper_text="", kind="speedup",
                      subject=subject, baseline=baseline, match_options=True, free=("kind",), context=True, pair_isa=False)
    return [p for p in match(spec, runs) if same_file(p)]


def _intervals(points, tag):
    out = []
    for p in sorted(points, key=lambda p: p.subject.dims["n"]):
        lo, hi = bootstrap.point_interval(p, bootstrap.seed_of(tag, p.key))
        out.append((p.subject.dims["n"], p.ratio, lo, hi))
    return out


def _faster_verdict(rows, what):
    """rows: (n, ratio, lo, hi) with ratio = time(other) / time(ours)."""
    if not rows:
        return "not measured", "no side-by-side pair in these results"
    slower = [r for r in rows if r[3] < 1]
    unsure = [r for r in rows if r[2] < 1 <= r[3]]
    text = ", ".join(f"n={n}: {x:.3f}× [{lo:.3f}–{hi:.3f}]" for n, x, lo, hi in rows)
    if slower:
        worst = min(slower, key=lambda r: r[1])
        return "not met", f"{what} slower at n = {', '.join(str(r[0]) for r in slower)} (gap {100 * (1 / worst[1] - 1):.1f} % " \
                          f"at n = {worst[0]}); {text}"
    if unsure:
        return "inconclusive", f"interval straddles 1 at n = {', '.join(str(r[0]) for r in unsure)}; {text}"
    return "met", text


def _peak_verdict(runs, peak, peak_name):
    if not runs:
        return "not measured", "no run in these results"
    if not peak:
        return "not measurable", f"no measured {peak_name} peak (run hotops-ceilings)"
    shares = sorted(((r.dims["n"], R.product_gflops(r) / peak, r) for r in runs), key=lambda t: t[0])
    text = "; ".join(f"n={n}: {R.product_gflops(r):.0f} GFLOP/s = {100 * s:.0f} % (roofline: "
                     f"{r.derived.get('pct_of_ceiling') or 0:.0f} % of {r.derived.get('bound') or 'no bound'})"
                     for n, s, r in shares)
    low, high = min(s for _, s, _ in shares), max(s for _, s, _ in shares)
    if high > 1.05:
        return "inconclusive", f"a rate {100 * high:.0f} % of the measured peak: the peak ({peak:.0f} GFLOP/s) reads " \
                               f"low (measured under load?); {text}"
    if low >= PEAK_SHARE:
        return "met", f"of the {peak_name} peak {peak:.0f} GFLOP/s: {text}"
    return "not met", f"gap {100 * (PEAK_SHARE - low):.0f} points at the worst n; of the {peak_name} peak " \
                      f"{peak:.0f} GFLOP/s: {text}"


def goal_runs(runs):
    """The attention_goals suite's runs (its results files are named <time>-attention_goals.json), else all."""
    own = [r for r in runs if r.source.name.endswith("-attention_goals.json")]
    return own or runs


def table(runs_by_machine, ceilings_by_machine):
    rows = []
    for m, all_runs in sorted(runs_by_machine.items()):
        runs = goal_runs(all_runs)
        ceilings = (ceilings_by_machine or {}).get(m)
        f32 = [r for r in R.ours(runs, kind="softmax", dir="fwd", dtype="f32", variant="flash__avx512f", d=128,
                                 causal=False) if r.dims["n"] >= 2048]
        bf16 = [r for r in R.ours(runs, kind="softmax", dir="fwd", dtype="bf16", variant="flash__avx512bf16", d=128,
                                  causal=False) if r.dims["n"] >= 2048]
        peer = [p for p in _peer_pairs(runs) if p.subject.dims["n"] >= 512]
        sig = _pairs(runs, Select(("flash",), variant_re="^flash__avx512f$", dtype="f32", options=(("kind", "sigmoid"),)),
                     Select(("flash",), variant_re="^flash__avx512f$", dtype="f32", options=(("kind", "softmax"),)))
        goals = [
            ("flash softmax fp32 forward ≥ 70 % of the fp32 FMA peak (n ≥ 2048, d = 128)",
             *_peak_verdict(f32, R.peak(ceilings, "fp32 avx512f fma"), "fp32 AVX-512 FMA")),
            ("flash softmax fp32 forward never slower than the oneDNN-composed peer (n ≥ 512), O(n) memory",
             *_faster_verdict(_intervals(peer, "peer"), "flash")),
            ("flash softmax bf16 forward ≥ 70 % of the bf16 dot peak (n ≥ 2048, d = 128)",
             *_peak_verdict(bf16, R.peak(ceilings, "bf16 avx512bf16 dot"), "bf16 vdpbf16ps")),
            ("flash sigmoid faster than flash softmax at every n (f32, AVX-512)",
             *_faster_verdict(_intervals(sig, "sigmoid"), "sigmoid")),
        ]
        rows += [[m, g, v, why] for g, v, why in goals]
    return Table("Speed goals (single thread, side by side in one run)", ["machine", "goal", "verdict", "measured"],
                 rows, "Ratios: time(other) ÷ time(ours) at the median, [95 % bootstrap interval]; GFLOP/s: the "
                 "products alone (4·n²·d per head); roofline: % of the bound of the full work model, exp/tanh at "
                 "their instruction cost.")


def _peer_pairs(runs):
    """flash__avx512f vs the oneDNN-composed peer on the same problem, from one file (claims' Select leaves
    peers out, so the pairs are made here)."""
    flash = {(r.raw["problem"]["repro"], r.cache, str(r.source)): r for r in runs
             if r.ok and r.variant == "flash__avx512f"}
    out = []
    for r in runs:
        f = flash.get((r.raw["problem"]["repro"], r.cache, str(r.source))) if r.ok else None
        if f and r.variant == "onednn_composed__jit":
            out.append(Point(key=(r.raw["problem"]["repro"], r.cache), subject=f, baseline=r,
                             label=r.raw["problem"]["repro"], isa="avx512f vs jit"))
    return out
