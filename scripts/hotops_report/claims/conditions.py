"""Conditions of one results file that decide whether its ratios can carry a verdict.

Blockers make every verdict from the file "inconclusive": the machine was busy, or the copy bandwidth
re-measured at the end of the suite drifted by more than DRIFT_LIMIT. Caveats are stated with the
verdict: repetitions not interleaved, no load probe or drift check recorded, a dirty tree, ceilings
measured under load. Too few process runs (MIN_PROCESS_RUNS) is decided per point, in check.py.
"""
from dataclasses import dataclass, field

from .. import load
from ..units import pct

MIN_PROCESS_RUNS = 3
DRIFT_LIMIT = 0.10


@dataclass
class Conditions:
    blockers: list = field(default_factory=list)
    caveats: list = field(default_factory=list)


UNKNOWN = Conditions(caveats=["measurement conditions unknown (no results file)"])


def drift_change(doc):
    """Largest relative change (end / start - 1) of the suite's bandwidth re-checks, with its entry; or None."""
    entries = doc.get("drift")
    entries = entries if isinstance(entries, list) else [entries] if isinstance(entries, dict) else []
    worst = None
    for e in entries:
        s, t = e.get("start_gbps"), e.get("end_gbps")
        if isinstance(s, (int, float)) and isinstance(t, (int, float)) and s > 0:
            change = t / s - 1
            if worst is None or abs(change) > abs(worst[0]):
                worst = (change, e)
    return worst


def drift_text(doc):
    worst = drift_change(doc)
    if worst is None:
        entries = doc.get("drift")
        entries = entries if isinstance(entries, list) else [entries] if isinstance(entries, dict) else []
        why = next((e["skipped"] for e in entries if isinstance(e, dict) and isinstance(e.get("skipped"), str)), None)
        return f"no end-of-suite bandwidth re-check: {why}" if why else "no end-of-suite bandwidth re-check recorded"
    change, e = worst
    return (f"{e.get('level', '')} {e.get('kernel', 'copy')} bandwidth {e['start_gbps']:.1f} → {e['end_gbps']:.1f} "
            f"GB/s ({pct(change, signed=True)}) between the start and the end of the suite")


def of_file(doc, ceilings_load=None):
    """Conditions of one results document; ceilings_load: load.Load of the ceilings it was placed on."""
    c = Conditions()
    ctx, suite = doc.get("context") or {}, doc.get("suite") or {}
    cpu = ctx.get("cpu") or {}
    probe = load.read(ctx.get("load"), cores=cpu.get("cores"))
    if probe.busy:
        c.blockers.append(f"measured while the machine was busy: {probe.busy}")
    elif not probe.known:
        c.caveats.append("no load probe recorded: a busy machine would go unnoticed")
    worst = drift_change(doc)
    if worst is None:
        c.caveats.append(drift_text(doc))
    elif abs(worst[0]) > DRIFT_LIMIT:
        c.blockers.append(drift_text(doc) + f": beyond ±{pct(DRIFT_LIMIT)}")
    if not suite.get("interleaved"):
        c.caveats.append("repetitions ran back to back, one benchmark after another (not interleaved)")
    git = ctx.get("git") or {}
    if git.get("dirty"):
        c.caveats.append(f"measured from a dirty tree ({str(git.get('commit', ''))[:12]} + local changes)")
    if ceilings_load is not None and ceilings_load.busy:
        c.caveats.append(f"ceilings measured while the machine was busy ({ceilings_load.busy}): flags that use "
                         f"them may be wrong")
    return c
