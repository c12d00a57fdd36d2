"""The vq_logits family's performance goals (issue 13), measured side by side in one results file per
machine: met, or not with the bound and the gap in numbers. Goals are benchmarks, not tests."""
from .. import ceilings as ceil
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


def _bandwidth(ceilings, level, kernel="read"):
    return next((r.value for r in ceil.bandwidths(ceilings, 1) if r.name == level and r.detail == kernel), None)


def _row_level(ceilings, row_bytes):
    """The cache level a V-wide row of scratch lives in: the L2 when it holds it, else the L3."""
    caches = {c.get("name"): c.get("size") for c in
              (((ceilings or {}).get("environment") or {}).get("topology") or {}).get("caches", [])}
    return "L2" if caches.get("L2") and row_bytes <= caches["L2"] else "L3"


def _gather_bound(r, ceilings):
    """Lower bound of the gather path's head per token, in seconds, and its parts: pass 1 reads M from
    DRAM while it writes L_v into the cache; passes 2-3 read L_v twice (max, Σexp) while the V exps
    run at the f32 peak. The gather's own load/store work (~1 cycle per token here) is not in it."""
    T, V = r.dims["tokens"], r.dims["vocab"]
    m_bytes = (2 if r.options.get("map_dtype") == "int16" else 4) * V
    level = _row_level(ceilings, 4 * V)
    dram, cache = _bandwidth(ceilings, "DRAM"), _bandwidth(ceilings, level)
    parts = (r.derived.get("compute_ceiling") or {}).get("parts") or []
    f32 = next((p["gops"] for p in parts if p.get("kind") == "f32"), None)
    if not (dram and cache and f32):
        return None, ""
    pass1 = max(m_bytes / (dram * 1e9), 4 * V / (cache * 1e9))
    pass23 = max(8 * V / (cache * 1e9), V * 13 / (f32 * 1e9))  # an exp is 10 f32 slots, + max, subtract, add
    why = (f"M {m_bytes / 1e6:.2f} MB at DRAM {dram:.1f} GB/s ∥ L_v to {level}: {pass1 * 1e6:.0f} µs; L_v read twice "
           f"from {level} ({cache:.0f} GB/s) ∥ {V} exps at {f32:.0f} GFLOP/s: {pass23 * 1e6:.0f} µs")
    return T * (pass1 + pass23), why


def _gather_goal(m, runs, ceilings):
    rows = []
    for r in fastest(runs, "gather", lambda r: r.algorithm == "gather" and _opts(r, **{"from": "logits", "out": "logprob"})
                     and _dims(r, tokens=1) and r.cache == "out").values():
        bound, parts = _gather_bound(r, ceilings)
        if bound is None:
            continue
        share = bound / r.median
        rows.append([m, "gather + softmax over V ≥ 85 % of its bound", r.raw["problem"]["repro"], pct(share),
                     pct(MEMORY_SHARE), "met" if share >= MEMORY_SHARE else "not met",
                     f"{r.variant}: {r.median * 1e6:.0f} µs vs a bound of {bound * 1e6:.0f} µs ({parts}); the gather's "
                     f"own loads and stores (~1 cycle per token) are not in it; {_spread(r)}",
                     DASH if share >= MEMORY_SHARE else f"{100 * (MEMORY_SHARE - share):.0f} points short"])
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


def goals_table(runs_by_machine, ceilings_by_machine=None):
    rows = []
    for m, runs in sorted(runs_by_machine.items()):
        runs = [r for r in runs if r.family == "vq_logits"]
        rows += _dense_stream(m, runs) + _dense_vs_onednn(m, runs)
        rows += _gather_goal(m, runs, (ceilings_by_machine or {}).get(m)) + _fused_over_gather(m, runs)
    if not rows:
        return None
    return Table("vq_logits goals (benchmarks, one thread)", ["machine", "goal", "problem", "ours", "target", "verdict",
                                                             "measured against", "gap"], rows,
                 "Each goal compares runs of one results file (side by side) or a run with the ceilings measured on its "
                 "machine. Shares are of the bound the run is placed on; a machine shared with others while measuring "
                 "lowers runs and ceilings alike, unevenly.")
