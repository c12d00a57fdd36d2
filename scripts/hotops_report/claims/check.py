"""Evaluate a claim on one machine's runs: the points it may rest on, their interval, the verdict and why.

A point is left out (and listed with the reason) when subject and baseline were not measured in one results
file, when either run is flagged (regime.flags), when it lies outside the claim's regime, and, for a bound
claim, when either side is not memory-bound. The verdict then comes from the bootstrap interval
(judge.py); fewer than MIN_PROCESS_RUNS process runs, a busy machine or bandwidth drift make it
"inconclusive", with what the interval alone would have said.
"""
import re
from dataclasses import replace

from . import bootstrap, judge, points as pts, regime
from ..units import pct, size
from .conditions import MIN_PROCESS_RUNS, UNKNOWN
from .model import Outcome
from .setting import Setting
from .verdicts import CONTEXT, INCONCLUSIVE, NOT_MEASURABLE

CPU_ISA_PREFIXES = ("sse", "avx", "amx", "neon", "sve", "f16c", "fma")
SHOWN_EXCLUSIONS = 2


def _setting(settings, run, context):
    s = (settings or {}).get(str(run.source))
    return s or Setting(machine=regime.machine_of(context), conditions=UNKNOWN)


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


def _memory_bound(run, least):
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


def _outside_regime(claim, p, m):
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


def _exclusion(claim, p, setting, partners):
    """Every reason to leave the point out, joined; "" when it counts."""
    if not pts.same_file(p):
        return "subject and baseline come from different results files: not measured side by side"
    reasons = [_outside_regime(claim, p, setting.machine)]
    for run in (p.subject, p.baseline):
        reasons += [f"{run.variant}: {f}" for f in regime.flags(run, setting.machine, partners.get(id(run)))]
    if claim.kind == "bound":
        reasons += [_memory_bound(run, claim.memory_bound_min) for run in (p.subject, p.baseline)]
    return "; ".join(r for r in reasons if r)


def _why_missing(claim, runs, context):
    """Why no point could be matched at all."""
    sels = (claim.subject, claim.baseline)
    relevant = [r for r in runs if any(s.matches(r, check_status=False) for s in sels)]
    isa = claim.subject.isa or claim.baseline.isa
    cpu = (context or {}).get("cpu") or {}
    features = re.split(r"[,\s]+", cpu.get("features", "").strip())
    if isa and features != [""] and isa not in features and isa.startswith(CPU_ISA_PREFIXES):
        return f"no {isa} on this CPU ({cpu.get('model', 'this CPU')})"
    if claim.paper_device != "cpu" and claim.subject.device and not relevant:
        return f"no {claim.subject.device} device"
    if not relevant:
        return f"these results have no runs of {claim.subject.describe()} / {claim.baseline.describe()}"
    ok = [r for r in relevant if r.ok]
    for sel in sels:
        if not any(sel.matches(r) for r in ok):
            reason = "; ".join(sorted({r.status for r in relevant if sel.matches(r, False) and not r.ok}))
            other = sorted({r.dtype for r in runs if r.ok and sel.dtype and r.dtype != sel.dtype
                            and replace(sel, dtype="").matches(r)})
            hint = f" (runs in {', '.join(other)} exist: a ratio across dtypes is context only, no verdict)" \
                if other else ""
            return f"{sel.describe()}: {reason}{hint}" if reason else f"no runs of {sel.describe()}{hint}"
    skipped = sorted({r.status for r in relevant if not r.ok})
    if skipped:
        return "; ".join(skipped)
    return "subject and baseline were never measured at the same problem" + \
        (" and dtype" if claim.pair_dtype else "") + (" and ISA" if claim.pair_isa else "")


def _summary(excluded):
    shown = [f"[{label}] {why}." for label, why in excluded[:SHOWN_EXCLUSIONS]]
    more = len(excluded) - SHOWN_EXCLUSIONS
    return " ".join(shown) + (f" [+{more} more: see the points left out]" if more > 0 else "")


def _downgrade(verdict, why, est, blockers):
    """Inconclusive when the conditions cannot carry a verdict; says what the interval alone would say."""
    reasons = list(blockers)
    if est.runs < MIN_PROCESS_RUNS:
        runs = f"{est.runs} process run{'s' if est.runs > 1 else ''}"
        reasons.insert(0, f"{runs}: a verdict needs ≥ {MIN_PROCESS_RUNS} independent process runs (repetitions in "
                          f"one process miss between-run drift)")
    if not reasons or verdict == INCONCLUSIVE:
        return verdict, "; ".join([why] + reasons)
    return INCONCLUSIVE, "; ".join(reasons) + f" — the interval alone says {verdict}: {why}"


def evaluate_machine(claim, runs, settings=None, context=None, seed=0):
    partners = regime.out_partners(runs)
    first = next(iter(runs), None)
    out_regime = regime_text(claim, _setting(settings, first, context).machine if first else regime.machine_of(context))
    used, excluded = [], []
    for p in pts.match(claim, runs):
        s = _setting(settings, p.subject, context)
        why = _exclusion(claim, p, s, partners)
        (excluded.append((f"{p.label} ({p.isa})", why)) if why else used.append(p))
    if not used:
        why = ("no point survives: " + _summary(excluded)) if excluded else _why_missing(claim, runs, context)
        return Outcome(verdict=CONTEXT if claim.context else NOT_MEASURABLE, why=why, excluded=excluded,
                       regime=out_regime)
    est = bootstrap.estimate(used, claim.statistic, seed)
    sets = [_setting(settings, p.subject, context) for p in used]
    caveats = sorted({c for s in sets for c in s.conditions.caveats})
    out_regime += "; used: " + ", ".join(f"{p.label} ({p.isa})" for p in used)
    if claim.context:
        return Outcome(verdict=CONTEXT, why=claim.note, points=used, excluded=excluded, estimate=est,
                       caveats=caveats, regime=out_regime)
    verdict, why = judge.judge(claim, est)
    blockers = sorted({b for s in sets for b in s.conditions.blockers})
    verdict, why = _downgrade(verdict, why, est, blockers)
    return Outcome(verdict=verdict, why=why, points=used, excluded=excluded, estimate=est, caveats=caveats,
                   regime=out_regime)


def evaluate(claim, runs_by_machine, contexts=None, settings=None):
    """{machine: Outcome} for every machine in runs_by_machine; settings: {str(results path): Setting}."""
    return {m: evaluate_machine(claim, runs, settings, (contexts or {}).get(m), bootstrap.seed_of(claim.id, m))
            for m, runs in sorted(runs_by_machine.items())}
