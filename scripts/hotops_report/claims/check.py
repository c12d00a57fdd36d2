"""Evaluate RatioClaims on runs, per machine, with an honest verdict and its reason."""
import re
import statistics

from ..dims import fmt_size
from .model import (Outcome, Point, VERDICT_NO_DATA, VERDICT_NOT, VERDICT_NOT_MEASURABLE, VERDICT_PARTIAL,
                    VERDICT_REPRODUCED)


CPU_ISA_PREFIXES = ("sse", "avx", "amx", "neon", "sve", "f16c", "fma")


def _key(run, claim):
    """Problems at which subject and baseline are compared; the ISA is always the last element."""
    dims = tuple(sorted(run.dims.items()))
    return (dims, run.cache, run.threads) + ((run.dtype,) if claim.pair_dtype else ()) + \
        ((run.isa,) if claim.pair_isa else ())


def _size_label(run):
    dims = ",".join(f"{k}={fmt_size(v)}" for k, v in sorted(run.dims.items()))
    return f"{dims} {run.cache}-of-cache" if run.cache == "out" else f"{dims} in-cache"


def _best(runs):
    """Per key, the fastest run by median time."""
    best = {}
    for k, r in runs:
        if k not in best or r.median < best[k].median:
            best[k] = r
    return best


def points(claim, runs):
    """Matched (subject, baseline) points for one machine's runs."""
    def pick(sel):
        return _best((_key(r, claim), r) for r in runs
                     if sel.matches(r) and (not claim.cache or r.cache == claim.cache))
    subj, base = pick(claim.subject), pick(claim.baseline)
    out = []
    for k in sorted(set(subj) & set(base), key=repr):
        s, b = subj[k], base[k]
        out.append(Point(key=k, ratio=b.median / s.median,
                         low=b.time["p20"] / s.time["p80"], high=b.time["p80"] / s.time["p20"],
                         isa=s.isa if claim.pair_isa else f"{s.isa} vs {b.isa}",
                         subject=s.variant, baseline=b.variant, label=_size_label(s)))
    return out


def _why_missing(claim, runs, context):
    """Why nothing could be matched: not measurable (with the reason) or simply no data."""
    sels = (claim.subject, claim.baseline)
    relevant = [r for r in runs if any(s.matches(r, check_status=False) for s in sels)]
    isa = claim.subject.isa or claim.baseline.isa
    features = re.split(r"[,\s]+", ((context or {}).get("cpu") or {}).get("features", "").strip())
    if isa and features != [""] and isa not in features and isa.startswith(CPU_ISA_PREFIXES):
        model = ((context or {}).get("cpu") or {}).get("model", "this CPU")
        return VERDICT_NOT_MEASURABLE, f"no {isa} on this CPU ({model})"
    if not relevant:
        return VERDICT_NO_DATA, f"no runs of {claim.subject.describe()} / {claim.baseline.describe()}"
    skipped = sorted({r.status for r in relevant if not r.ok})
    ok = [r for r in relevant if r.ok]
    for sel in sels:
        if not any(sel.matches(r) for r in ok):
            reason = "; ".join(sorted({r.status for r in relevant if sel.matches(r, False) and not r.ok}))
            if reason:
                return VERDICT_NOT_MEASURABLE, f"{sel.describe()}: {reason}"
            return VERDICT_NO_DATA, f"no runs of {sel.describe()}"
    if claim.cache and not any(r.cache == claim.cache for r in ok):
        return VERDICT_NOT_MEASURABLE, f"no {claim.cache}-of-cache sizes in these results"
    if skipped:
        return VERDICT_NOT_MEASURABLE, "; ".join(skipped)
    return VERDICT_NO_DATA, "subject and baseline were never measured at the same problem"


def judge(claim, pts):
    ratios = [p.ratio for p in pts]
    at = max(pts, key=lambda p: p.ratio)
    mx, med = at.ratio, statistics.median(ratios)
    value = mx if claim.statistic == "max" else med
    stat = "max" if claim.statistic == "max" else "median"
    if claim.kind == "at_most":
        limit = claim.paper_value * (1 + claim.bound_tolerance)
        if mx < 1 + claim.min_gain:
            v, why = VERDICT_NOT_MEASURABLE, f"{claim.subject.describe()} is not faster here (max {mx:.2f}×), so " \
                                             f"the bound is never approached: these runs are not memory-bound"
        elif mx <= limit:
            v, why = VERDICT_REPRODUCED, f"max {mx:.2f}× stays within the bound {claim.paper_value:.2f}× " \
                                         f"({100 * (mx - 1) / (claim.paper_value - 1):.0f} % of the possible gain)"
        else:
            v, why = VERDICT_NOT, f"max {mx:.2f}× exceeds the bound {claim.paper_value:.2f}×: " \
                                  f"timing or the traffic model is suspect"
    else:
        target = 1 + (1 - claim.gain_tolerance) * (claim.paper_value - 1)
        if value >= target:
            v, why = VERDICT_REPRODUCED, f"{stat} {value:.2f}× ≥ {target:.2f}× (paper {claim.paper_value:.2f}×)"
        elif value >= 1 + claim.min_gain:
            v, why = VERDICT_PARTIAL, f"faster ({stat} {value:.2f}×) but short of the paper's " \
                                      f"{claim.paper_value:.2f}×"
        else:
            v, why = VERDICT_NOT, f"{stat} {value:.2f}×: no gain of at least {100 * claim.min_gain:.0f} %"
    return Outcome(verdict=v, why=why, points=pts, max=mx, median=med, at=at)


def evaluate(claim, runs_by_machine, contexts=None):
    """{machine: Outcome} for every machine in runs_by_machine."""
    out = {}
    for machine, runs in sorted(runs_by_machine.items()):
        ctx = (contexts or {}).get(machine)
        pts = points(claim, runs)
        if pts:
            o = judge(claim, pts)
        else:
            v, why = _why_missing(claim, runs, ctx)
            o = Outcome(verdict=v, why=why)
        devices = {r.device for r in runs if claim.subject.matches(r)}
        if claim.paper_device and devices and claim.paper_device not in devices:
            o.why += f" (paper measured on {claim.paper_device.upper()}; ours on {', '.join(sorted(devices)).upper()})"
        out[machine] = o
    return out
