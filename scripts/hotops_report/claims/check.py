"""Evaluate a claim on one machine's runs: the points it may rest on, their interval, the verdict and why.

A point is left out (and listed with the reason) when subject and baseline were not measured in one results
file, when either run is flagged (regime.flags), when it lies outside the claim's regime, and, for a bound
claim, when either side is not memory-bound. The verdict then comes from the bootstrap interval
(judge.py); fewer than MIN_PROCESS_RUNS process runs, a busy machine or bandwidth drift make it
"inconclusive", with what the interval alone would have said.
"""
from . import bootstrap, exclusions, judge, missing, points as pts, regime
from .conditions import MIN_PROCESS_RUNS, UNKNOWN
from .model import Outcome
from .setting import Setting
from .verdicts import CONTEXT, INCONCLUSIVE, NOT_MEASURABLE


def _setting(settings, run, context):
    s = (settings or {}).get(str(run.source))
    return s or Setting(machine=regime.machine_of(context), conditions=UNKNOWN)


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
    machine = _setting(settings, first, context).machine if first else regime.machine_of(context)
    out_regime = exclusions.regime_text(claim, machine)
    used, excluded = [], []
    for p in pts.match(claim, runs):
        s = _setting(settings, p.subject, context)
        why = exclusions.why(claim, p, s, partners)
        if why:
            excluded.append((f"{p.label} ({p.isa})", why))
        else:
            used.append(p)
    if not used:
        why = "no point survives: " + exclusions.summary(excluded) if excluded else missing.why(claim, runs, context)
        return Outcome(verdict=CONTEXT if claim.context else NOT_MEASURABLE, why=why, excluded=excluded,
                       regime=out_regime)
    est = bootstrap.estimate(used, claim.statistic, seed)
    sets = [_setting(settings, p.subject, context) for p in used]
    caveats = sorted({c for s in sets for c in s.conditions.caveats})
    out_regime += "; used: " + ", ".join(f"{p.label} ({p.isa})" for p in used)
    if claim.context:
        return Outcome(verdict=CONTEXT, why=claim.note, points=used, excluded=excluded, estimate=est,
                       caveats=caveats, regime=out_regime)
    verdict, why = judge.judge(claim, est, used[0].subject.device)
    blockers = sorted({b for s in sets for b in s.conditions.blockers})
    verdict, why = _downgrade(verdict, why, est, blockers)
    return Outcome(verdict=verdict, why=why, points=used, excluded=excluded, estimate=est, caveats=caveats,
                   regime=out_regime)


def evaluate(claim, runs_by_machine, contexts=None, settings=None):
    """{machine: Outcome} for every machine in runs_by_machine; settings: {str(results path): Setting}."""
    return {m: evaluate_machine(claim, runs, settings, (contexts or {}).get(m), bootstrap.seed_of(claim.id, m))
            for m, runs in sorted(runs_by_machine.items())}
