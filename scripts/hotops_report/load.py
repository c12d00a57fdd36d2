"""Was the machine quiet while it measured? Read from a load probe, or from bare load averages.

The probe (results `context.load`, ceilings `environment.load`) is written by the tool that measured:
{"before": 1-min load average before, "after": ... after, "cpus": n, "busy": bool, "detail": "..."}.
Older files only have `environment.loadavg_before/after`: busy when the load before exceeds
BUSY_LOAD_PER_CORE per core (the tool's own threads are not running yet then).
"""
from dataclasses import dataclass

BUSY_LOAD_PER_CORE = 0.5


@dataclass(frozen=True)
class Load:
    text: str          # what was measured, for tables
    busy: str = ""     # what shows the machine was busy; "" when quiet or unknown
    known: bool = True


def _num(v):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def read(probe=None, before=None, after=None, cores=None):
    if isinstance(probe, dict) and isinstance(probe.get("busy"), bool):
        before, after, cores = _num(probe.get("before")), _num(probe.get("after")), _num(probe.get("cpus")) or cores
        text = _averages(before, after, cores) + (f" ({probe['detail']})" if probe.get("detail") else "")
        return Load(text, busy=probe.get("detail") or text if probe["busy"] else "")
    before, after = _num(before), _num(after)
    if before is None:
        return Load("no load probe recorded", known=False)
    text = _averages(before, after, cores)
    busy = cores and before > BUSY_LOAD_PER_CORE * cores
    return Load(text, busy=f"{text} (> {BUSY_LOAD_PER_CORE:g} per core before starting)" if busy else "")


def _averages(before, after, cores):
    parts = [f"{before:.2f} before" if before is not None else "", f"{after:.2f} after" if after is not None else ""]
    on = f" on {cores:g} cores" if cores else ""
    return "load average " + " / ".join(p for p in parts if p) + on
