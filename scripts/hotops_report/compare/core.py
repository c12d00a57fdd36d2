"""Match the benchmarks of two results files and give each common one a verdict."""
from dataclasses import dataclass, field

from . import stats

COUNTER_METRICS = ("instructions", "d1_misses", "ll_misses")
METRICS = ("time",) + COUNTER_METRICS
# Totals the simulated (callgrind) backend records as read + write parts.
COUNTER_SUMS = {"d1_misses": ("d1_read_misses", "d1_write_misses"),
                "ll_misses": ("ll_read_misses", "ll_write_misses")}


def counter(run, name):
    """Per-call value of a counter, or None; d1_misses/ll_misses also from their read + write parts."""
    c = run.counters
    if c.get(name) is not None:
        return c[name]
    parts = COUNTER_SUMS.get(name, ())
    if parts and all(c.get(p) is not None for p in parts):
        return sum(c[p] for p in parts)
    return None


@dataclass
class Row:
    identity: tuple
    label: str
    verdict: str
    ratio: float
    p_value: float
    baseline: dict
    candidate: dict
    reason: str = ""
    extra: dict = field(default_factory=dict)   # other counters' ratios (info only)


@dataclass
class Comparison:
    metric: str
    settings: dict
    baseline_path: str
    candidate_path: str
    rows: list
    only_in_baseline: list
    only_in_candidate: list
    not_comparable: list      # (label, reason)
    warnings: list
    skipped_both: int = 0     # same non-ok status on both sides (e.g. skipped: CPU lacks avx512f)

    def reasons(self):
        """Distinct not-comparable reasons with counts, most common first."""
        counts = {}
        for _, why in self.not_comparable:
            counts[why] = counts.get(why, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def count(self, verdict):
        return sum(r.verdict == verdict for r in self.rows)

    @property
    def regressed(self):
        return self.count(stats.REGRESSED) > 0


def _index(rf):
    return {r.identity: r for r in rf.runs}


def _context_warnings(base, cand, metric):
    w = []
    bc, cc = base.doc["context"], cand.doc["context"]
    if bc["machine"] != cc["machine"]:
        w.append(f"different machines: {bc['machine']} vs {cc['machine']}")
    if base.doc["suite"]["hash"] != cand.doc["suite"]["hash"]:
        w.append(f"suite definitions differ ({base.doc['suite']['hash'][:19]}… vs {cand.doc['suite']['hash'][:19]}…)")
    if metric != "time":
        for key in ("compiler", "flags", "build_type"):
            if bc["build"].get(key) != cc["build"].get(key):
                w.append(f"build {key} differs ({bc['build'].get(key)} vs {cc['build'].get(key)}): counts may "
                         f"change for that reason alone")
    return w


def _side(run, metric):
    if metric == "time":
        s = run.samples
        return {"median": run.median, "cv": stats.cv(s), "n": len(s)}
    return {"value": counter(run, metric), "source": run.raw.get("counters_source")}


def _counter_problem(b, c, metric, file_reasons):
    for side, run in (("baseline", b), ("candidate", c)):
        if counter(run, metric) is None:
            src = run.raw.get("counters_source")
            why = run.raw.get("counters_reason") or file_reasons[side] or "not recorded"
            return f"no {metric} in {side} (counters source {src}: {why})"
    sb, sc = b.raw.get("counters_source"), c.raw.get("counters_source")
    if sb != sc:
        return f"counter sources differ: {sb} vs {sc}"
    return None


def compare(base, cand, metric="time", threshold=None, alpha=0.05, max_cv=0.10):
    """base, cand: loader.ResultFile. threshold defaults: 5 % for time, 1 % for counters."""
    if not metric:
        raise ValueError("empty metric")
    if threshold is None:
        threshold = 0.05 if metric == "time" else 0.01
    cfg = stats.WallClockConfig(threshold=threshold, alpha=alpha, max_cv=max_cv)
    bi, ci = _index(base), _index(cand)
    file_reasons = {"baseline": base.doc["counters"].get("reason"), "candidate": cand.doc["counters"].get("reason")}
    rows, not_comparable, skipped_both = [], [], 0
    for ident in sorted(set(bi) & set(ci)):
        b, c = bi[ident], ci[ident]
        if b.ok and c.status.startswith("failed"):
            rows.append(Row(ident, b.label, stats.REGRESSED, None, None, _side(b, metric), {"status": c.status},
                            f"was ok, now {c.status}"))
            continue
        if not (b.ok and c.ok):
            if b.status == c.status:
                skipped_both += 1
            else:
                not_comparable.append((b.label, f"status baseline={b.status!r}, candidate={c.status!r}"))
            continue
        if metric == "time":
            v = stats.wall_clock(b.samples, c.samples, cfg)
            extra = {}
        else:
            problem = _counter_problem(b, c, metric, file_reasons)
            if problem:
                not_comparable.append((b.label, problem))
                continue
            v = stats.exact(counter(b, metric), counter(c, metric), threshold)
            if b.raw.get("counters_source") != "simulated":
                v.reason = (v.reason + "; " if v.reason else "") + \
                    f"{b.raw.get('counters_source')} counters are not exactly reproducible"
            extra = {k: counter(c, k) / counter(b, k) for k in COUNTER_METRICS
                     if k != metric and counter(b, k) and counter(c, k) is not None}
        rows.append(Row(ident, b.label, v.verdict, v.ratio, v.p_value, _side(b, metric), _side(c, metric),
                        v.reason, extra))
    only_b = [bi[i].label for i in sorted(set(bi) - set(ci))]
    only_c = [ci[i].label for i in sorted(set(ci) - set(bi))]
    settings = {"threshold": threshold}
    if metric == "time":
        settings.update(alpha=alpha, max_cv=max_cv)
    return Comparison(metric, settings, str(base.path), str(cand.path), rows, only_b, only_c, not_comparable,
                      _context_warnings(base, cand, metric), skipped_both)
