"""Why a matched point may not count for a claim: measured apart, a flagged run, outside the claim's regime,
or (bound claims) a side that is not memory-bound."""
from ..units import pct, size
from . import points as pts, regime

SHOWN = 2      # reasons quoted in a verdict's why; the report's table lists them all


def regime_text(claim, machine):
    llc = machine.llc
    if claim.regime == "row_out":
        return f"out of cache, one row ≥ {regime.ROW_FACTOR}× LLC" + (f" ({size(regime.ROW_FACTOR * llc)})"
                                                                     if llc else "")
    if claim.regime == "out":
        return "out of cache (rotated buffers)"
    if claim.regime == "in":
        return f"in cache (footprint ≤ {pct(regime.IN_CACHE_FRACTION)} of the level)"
    return "in or out of cache, label verified"


def memory_bound_why(run, least):
    d = run.derived
    mem = d.get("memory_ceiling") or {}
    if str(d.get("bound") or "").startswith("compute"):
        return f"{run.variant} is compute-bound ({d['bound']})"
    if not (d.get("gbps_traffic") and mem.get("gbps")):
        return f"{run.variant}: no memory ceiling, so whether it is memory-bound is unknown"
    share = d["gbps_traffic"] / mem["gbps"]
    if share < least:
        return f"{run.variant} streams at {pct(share)} of its {mem.get('level', '')} ceiling (< {pct(least)}): " \
               f"not memory-bound"
    return ""


def outside_regime_why(claim, p, m):
    kind = regime.kind(p.subject, m, claim.row_dim)
    if claim.regime == "row_out" and kind != "row_out":
        if p.subject.cache != "out":
            return "in cache: outside the paper's regime (out of cache)"
        rb, llc = regime.row_bytes(p.subject, claim.row_dim), m.llc
        if not (rb and llc):
            return "row size or last-level cache unknown: the regime cannot be checked"
        return f"outside the paper's regime: one row is {size(rb)} = {rb / llc:.2g}× LLC " \
               f"(needs ≥ {regime.ROW_FACTOR}×): later passes may hit cache"
    if claim.regime in ("out", "in") and p.subject.cache != claim.regime:
        return f"{p.subject.cache} of cache: outside the claim's regime ({claim.regime} of cache)"
    return ""


def why(claim, p, setting, partners):
    """Every reason to leave the point out, joined; "" when it counts."""
    if not pts.same_file(p):
        return "subject and baseline come from different results files: not measured side by side"
    reasons = [outside_regime_why(claim, p, setting.machine)]
    for run in (p.subject, p.baseline):
        reasons += [f"{run.variant}: {f}" for f in regime.flags(run, setting.machine, partners.get(id(run)))]
    if claim.kind == "bound":
        reasons += [memory_bound_why(run, claim.memory_bound_min) for run in (p.subject, p.baseline)]
    return "; ".join(r for r in reasons if r)


def summary(excluded):
    shown = [f"[{label}] {why}." for label, why in excluded[:SHOWN]]
    more = len(excluded) - SHOWN
    return " ".join(shown) + (f" [+{more} more: see the points left out]" if more > 0 else "")
