"""The vq_logits family's performance goals (issue 13), measured side by side in one results file per
machine: met, or not with the bound and the gap in numbers. Goals are benchmarks, not tests."""
from ..document import Table
from ..units import DASH, pct
from .pairs import fastest

MEMORY_SHARE = 0.85     # dense GEMV at T = 1, and gather + softmax, against their bandwidth bound
ONEDNN_SLACK = 1.10     # dense at T = 512 against oneDNN's matmul
FUSED_OVER_GATHER = 10  # the head at V = 128k, K = 1024, T = 1


def _opts(r, **want):
    return all(str(r.options.get(k)) == v for k, v in want.items())


def _dims(r, **want):
    return all(r.dims.get(k) == v for k, v in want.items())


def _spread(r):
    t = r.time
    return f"p20–p80 {t['p20'] / t['median'] - 1:+.0%}/{t['p80'] / t['median'] - 1:+.0%}" if t.get("p20") else ""


def _ceil_share(r):
    """(GB/s streamed, the memory ceiling's GB/s, its level) as the driver placed the run."""
    d = r.derived
    mem = d.get("memory_ceiling") or {}
    return d.get("gbps_traffic") or d.get("gbps"), mem.get("gbps"), f"{mem.get('level', '')} {mem.get('kernel', '')}".strip()


def _dense_stream(m, runs):
    rows = []
    for r in fastest(runs, "dense", lambda r: r.algorithm == "dense" and _opts(r, **{"from": "hidden", "out": "logprob"})
                     and _dims(r, tokens=1) and r.cache == "out").values():
        gbps, roof, level = _ceil_share(r)
        if not (gbps and roof):
            rows.append([m, "dense GEMV streams W (T = 1) ≥ 85 % of DRAM read", r.raw["problem"]["repro"], DASH, DASH,
                         "unknown",
                         "no memory ceiling measured", DASH])
            continue
        share = gbps / roof
        bound = str(r.derived.get("bound") or "")
        why = f"{r.variant}: {gbps:.1f} of {roof:.1f} GB/s ({level}); bound {bound}; {_spread(r)}"
        rows.append([m, "dense GEMV streams W (T = 1) ≥ 85 % of DRAM read", r.raw["problem"]["repro"], pct(share),
                     pct(MEMORY_SHARE), "met" if share >= MEMORY_SHARE else "not met", why,
                     DASH if share >= MEMORY_SHARE else f"{100 * (MEMORY_SHARE - share):.0f} points short"])
    return rows


def _dense_vs_onednn(m, runs):
    rows = []
    for r in fastest(runs, "dense", lambda r: r.algorithm == "dense_matmul" and _dims(r, tokens=512)).values():
        peer = next((p for p in runs if p.ok and p.is_peer and p.raw["problem"]["repro"] == r.raw["problem"]["repro"]
                     and p.cache == r.cache), None)
        if not peer:
            continue
        ratio = r.median / peer.median
        rows.append([m, "dense at T = 512 within 10 % of oneDNN", r.raw["problem"]["repro"],
                     f"{ratio:.3f}× oneDNN's time", f"≤ {ONEDNN_SLACK:.2f}×", "met" if ratio <= ONEDNN_SLACK else "not met",
                     f"{r.variant} (oneDNN's matmul until kernels/gemm lands + our log-sum-exp over V) vs "
                     f"{peer.variant} (matmul + oneDNN's log-softmax); bound {r.derived.get('bound')}, "
                     f"{(r.derived.get('pct_of_ceiling') or 0):.0f} % of it; {_spread(r)}",
                     DASH if ratio <= ONEDNN_SLACK else f"{100 * (ratio - ONEDNN_SLACK):.0f} % over"])
    return rows


def _bound_time(r):
    """The gather path's own roofline bound (its traffic: M per token, V exps), in seconds, and which side."""
    t, d = r.raw.get("traffic") or {}, r.derived
    mem = (d.get("memory_ceiling") or {}).get("gbps")
    parts = (d.get("compute_ceiling") or {}).get("parts") or []
    f32 = next((p["gops"] for p in parts if p.get("kind") == "f32"), None)
    t_mem = t.get("bytes", 0) / (mem * 1e9) if mem else None
    t_comp = t.get("ops", 0) / (f32 * 1e9) if f32 else None
    if t_mem is None or t_comp is None:
        return None, ""
    return max(t_mem, t_comp), ("memory" if t_mem >= t_comp else "compute (V exps)")


def _gather_bound(m, runs):
    rows = []
    for r in fastest(runs, "gather", lambda r: r.algorithm == "gather" and _opts(r, **{"from": "logits", "out": "logprob"})
                     and _dims(r, tokens=1) and r.cache == "out").values():
        bound, side = _bound_time(r)
        if bound is None:
            continue
        share = bound / r.median
        rows.append([m, "gather + softmax over V ≥ 85 % of its bound", r.raw["problem"]["repro"], pct(share),
                     pct(MEMORY_SHARE), "met" if share >= MEMORY_SHARE else "not met",
                     f"{r.variant}: {r.median * 1e6:.0f} µs vs a {side}-bound {bound * 1e6:.0f} µs from its traffic "
                     f"(M read per token, V exps at the f32 peak); the gather's own instructions are not in the model; "
                     f"{_spread(r)}", DASH if share >= MEMORY_SHARE else f"{100 * (MEMORY_SHARE - share):.0f} points short"])
    return rows


def _fused_over_gather(m, runs):
    rows = []
    for src in ("logits", "hidden"):
        where = lambda r, s=src: _opts(r, **{"from": s, "out": "logprob"}) and _dims(r, tokens=1, vocab=128000, codes=1024)
        g = [r for r in fastest(runs, "gather", where).values() if r.cache == "out"]
        f = [r for r in fastest(runs, "fused", where).values() if r.cache == "out"]
        for a in g:
            b = next((x for x in f if x.raw["problem"]["repro"] == a.raw["problem"]["repro"]), None)
            if not b:
                continue
            ratio = a.median / b.median
            goal = src == "logits"
            rows.append([m, "fused ≥ 10× codebook + gather (V = 128k, K = 1024, T = 1)" + ("" if goal else ", from h"),
                         a.raw["problem"]["repro"], f"{ratio:.1f}×", f"≥ {FUSED_OVER_GATHER}×" if goal else "context",
                         ("met" if ratio >= FUSED_OVER_GATHER else "not met") if goal else "context",
                         f"{b.variant} {b.median * 1e6:.1f} µs vs {a.variant} {a.median * 1e6:.1f} µs"
                         + ("" if goal else "; from h both run the GEMV over C (K·d weights), which dominates"),
                         DASH])
    return rows


def goals_table(runs_by_machine):
    rows = []
    for m, runs in sorted(runs_by_machine.items()):
        runs = [r for r in runs if r.family == "vq_logits"]
        for make in (_dense_stream, _dense_vs_onednn, _gather_bound, _fused_over_gather):
            rows += make(m, runs)
    if not rows:
        return None
    return Table("vq_logits goals (benchmarks, one thread)", ["machine", "goal", "problem", "ours", "target", "verdict",
                                                             "measured against", "gap"], rows,
                 "Each goal compares runs of one results file (side by side). Shares are of the bound the driver "
                 "placed the run on (measured ceilings); a machine shared with others while measuring lowers them.")
