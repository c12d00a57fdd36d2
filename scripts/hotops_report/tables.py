"""Table builders: machine context, ceilings, peers, % of ceiling, claims, skipped/failed runs.
Several machines become per-machine columns."""
import statistics

from . import ceilings as ceil
from . import load
from .claims import conditions
from .claims.verdicts import VERDICTS
from .document import Table, Text
from .units import DASH, pct, size

def _num(v, fmt="{:.2f}"):
    return DASH if v is None else fmt.format(v)


def context_table(files_by_machine):
    """Rows = environment fields, columns = machines (newest file of each)."""
    machines = sorted(files_by_machine)
    newest = {m: max(files_by_machine[m], key=lambda f: (f.date, str(f.path))) for m in machines}

    def get(doc, *path):
        for p in path:
            doc = doc.get(p) if isinstance(doc, dict) else None
        return doc

    fields = [
        ("CPU", lambda d: get(d, "context", "cpu", "model")),
        ("vendor", lambda d: get(d, "context", "cpu", "vendor")),
        ("cores / PUs", lambda d: f"{get(d, 'context', 'cpu', 'cores')} / {get(d, 'context', 'cpu', 'pus')}"),
        ("L1d / L2 / L3", lambda d: " / ".join(size(get(d, "context", "cpu", "caches", k))
                                              for k in ("L1d", "L2", "L3"))),
        ("ISA features", lambda d: get(d, "context", "cpu", "features")),
        ("governor / boost / SMT", lambda d: " / ".join(str(get(d, "context", "cpu", k) or DASH)
                                                       for k in ("governor", "boost", "smt"))),
        ("kernel / hypervisor", lambda d: f"{get(d, 'context', 'os', 'kernel')} / "
                                          f"{get(d, 'context', 'os', 'hypervisor') or 'none'}"),
        ("compiler", lambda d: get(d, "context", "build", "compiler")),
        ("flags / build type", lambda d: f"{get(d, 'context', 'build', 'flags')} / "
                                         f"{get(d, 'context', 'build', 'build_type')}"),
        ("peers built", lambda d: get(d, "context", "build", "peers") or "none"),
        ("git", lambda d: f"{get(d, 'context', 'git', 'commit')}"
                          f"{' (dirty)' if get(d, 'context', 'git', 'dirty') else ''}"),
        ("libraries", lambda d: ", ".join(f"{k} {v}" for k, v in sorted((get(d, "context", "libraries") or {})
                                                                         .items())) or DASH),
        ("GPU", lambda d: ", ".join(f"{k}={v}" for k, v in sorted((get(d, "context", "gpu") or {}).items()))
         or "none"),
        ("suite", lambda d: f"{get(d, 'suite', 'name')} ({get(d, 'suite', 'hash')[:19]}…), "
                            f"{get(d, 'suite', 'repetitions')} reps"),
        ("process runs / repetition order",
         lambda d: f"{get(d, 'suite', 'process_runs') or 1} / "
                   f"{'interleaved' if get(d, 'suite', 'interleaved') else 'back to back'}"),
        ("rotation across repetitions", lambda d: "carried" if get(d, "suite", "rotation_carried") else
         "restarts at buffer 0"),
        ("load while measuring", lambda d: load.read(get(d, "context", "load"),
                                                     cores=get(d, "context", "cpu", "cores")).text),
        ("bandwidth drift", lambda d: conditions.drift_text(d)),
        ("counters", lambda d: f"{get(d, 'counters', 'source')}"
                               + (f" ({get(d, 'counters', 'reason')})" if get(d, "counters", "reason") else "")),
        ("date", lambda d: get(d, "context", "date")),
    ]
    rows = [[name] + [str(fn(newest[m].doc)) if fn(newest[m].doc) is not None else DASH for m in machines]
            for name, fn in fields]
    rows.append(["result files"] + [", ".join(f.path.name for f in files_by_machine[m]) for m in machines])
    return Table("Machine context", ["field"] + machines, rows)


def ceilings_table(ceilings_by_machine):
    """Every measured (or skipped) ceiling; rows = (kind, level/peak, kernel, threads), columns = machines."""
    machines = sorted(ceilings_by_machine)
    cells = {}
    for m in machines:
        for r in ceil.entries(ceilings_by_machine[m]):
            key = (r.kind, r.name, r.detail, r.threads if r.threads is not None else "", r.unit)
            cells.setdefault(key, {})[m] = (f"{r.value:.1f}{_provenance(r)}" if r.value else
                                           f"skipped: {r.skipped}" if r.skipped else DASH)
    order = sorted(cells, key=lambda k: (k[0], ceil.level_key(k[1]), k[2], str(k[3])))
    rows = [[kind, name, detail or DASH, str(threads) or DASH, unit] + [cells[k].get(m, DASH) for m in machines]
            for k in order for kind, name, detail, threads, unit in [k]]
    none = [m for m in machines if not ceilings_by_machine[m]]
    note = f"No ceilings measured for: {', '.join(none)}." if none else ""
    for m in machines:
        if ceilings_by_machine[m]:
            ld = ceil.load_of(ceilings_by_machine[m])
            busy = " ⚠ the machine was busy: these ceilings are not trustworthy." if ld.busy else "."
            note += f" {m}: measured at {ld.text}{busy}"
    note += " Value (source: built-in kernel or likwid-bench, spread = (max − min) / median; the other tool's " \
            "median)."
    if not rows:
        return Text(note or "No ceilings could be read.")
    return Table("Measured ceilings", ["ceiling", "level / peak", "kernel", "threads", "unit"] + machines, rows,
                 note.strip())


def _provenance(roof):
    if not roof.source:
        return ""
    spread = f", spread {pct(roof.spread)}" if roof.spread is not None else ""
    other = f"; {roof.other}" if roof.other else ""
    return f" ({roof.source}{spread}{other})"


def peers_table(runs_by_machine, xdim):
    """Per problem: best hotops variant (median time) vs each peer: GB/s and best/peer speedup."""
    machines = sorted(runs_by_machine)
    ok = {m: [r for r in runs_by_machine[m] if r.ok] for m in machines}
    peers = sorted({r.variant for m in machines for r in ok[m] if r.is_peer})
    if not peers:
        return None
    keys = sorted({(r.cache, r.threads, r.raw["problem"]["repro"], r.dims.get(xdim, 0))
                   for m in machines for r in ok[m]}, key=lambda k: (k[0], k[1], k[3], k[2]))
    cols = ["cache", "problem"]
    for m in machines:
        pre = f"{m}: " if len(machines) > 1 else ""
        cols += [f"{pre}best hotops (GB/s)"] + [f"{pre}{p} GB/s (best÷peer)" for p in peers]
    rows = []
    for cache, threads, repro, _ in keys:
        row, any_peer = [cache, repro + (f" t={threads}" if threads != 1 else "")], False
        for m in machines:
            here = [r for r in ok[m] if (r.cache, r.threads, r.raw["problem"]["repro"]) == (cache, threads, repro)]
            mine = [r for r in here if not r.is_peer]
            best = min(mine, key=lambda r: r.median) if mine else None
            row.append(f"{best.variant} ({_num(best.gbps_at(best.median), '{:.1f}')})" if best else DASH)
            for p in peers:
                pr = next((r for r in here if r.variant == p), None)
                if pr:
                    any_peer = True
                ratio = f" ({pr.median / best.median:.2f}×)" if pr and best else ""
                row.append(f"{_num(pr.gbps_at(pr.median), '{:.1f}')}{ratio}" if pr else DASH)
        if any_peer:
            rows.append(row)
    return Table("Peers: best hotops variant vs each peer", cols, rows,
                 "GB/s of the family's minimum bytes at the median time; (best÷peer) = peer time / best hotops "
                 "time, > 1 means hotops is faster.")


def ceiling_pct_table(runs_by_machine):
    """Per variant x cache: the bound and % of that ceiling over sizes (median [min–max]), flags."""
    machines = sorted(runs_by_machine)
    groups = {}
    for m in machines:
        for r in runs_by_machine[m]:
            if r.ok:
                groups.setdefault((r.variant, r.cache, r.threads), {}).setdefault(m, []).append(r)
    cols = ["variant", "cache"]
    for m in machines:
        pre = f"{m}: " if len(machines) > 1 else ""
        cols += [f"{pre}bound", f"{pre}% of ceiling median [min–max]", f"{pre}above ceiling"]
    rows = []
    for (variant, cache, threads), per in sorted(groups.items()):
        row = [variant + (f" t={threads}" if threads != 1 else ""), cache]
        for m in machines:
            rs = per.get(m, [])
            pcts = [r.derived.get("pct_of_ceiling") for r in rs if r.derived.get("pct_of_ceiling") is not None]
            bounds = sorted({r.derived.get("bound") for r in rs if r.derived.get("bound")})
            above = sum(1 for r in rs if r.derived.get("above_ceiling"))
            row.append(", ".join(bounds) or DASH)
            row.append(f"{statistics.median(pcts):.0f} % [{min(pcts):.0f}–{max(pcts):.0f}]" if pcts else DASH)
            row.append(f"⚠ {above} of {len(rs)}" if above else ("0" if rs else DASH))
        rows.append(row)
    if not any(r.derived.get("pct_of_ceiling") is not None for m in machines for r in runs_by_machine[m] if r.ok):
        return Text("No run was placed on a ceiling (derived.bound is null): no ceilings were measured for these "
                    "results, so % of ceiling is unknown.")
    return Table("Percent of the bounding ceiling", cols, rows,
                 "Bound and ceiling as placed by the driver on the measured ceilings; a result above its ceiling "
                 "is flagged (⚠), not published as a win.")


def _claim_rows(claims, outcomes, cells):
    return [[c.paper, c.text + (f" — {c.note}" if c.note and not c.context else ""), c.paper_text
             + (f" ({c.scope_text})" if c.scope_text else ""), m] + cells(c, o)
            for c in claims for m, o in sorted(outcomes[c.id].items())]


def _estimate_cells(o):
    e = o.estimate
    return [e.interval_text if e else DASH, e.n_text if e else DASH, e.method_text if e else DASH]


def claims_table(claims, outcomes):
    """outcomes: {claim.id: {machine: Outcome}}; one row per claim and machine; context claims are left out."""
    def cells(c, o):
        left_out = f". Left out: {len(o.excluded)} point(s), see below." if o.excluded and o.points else ""
        return [o.regime, *_estimate_cells(o), o.verdict, o.why + left_out]
    rows = _claim_rows([c for c in claims if not c.context], outcomes, cells)
    return Table("Claims: the papers' numbers vs ours",
                 ["paper", "claim", "paper's number", "machine", "regime (required; sizes used)",
                  "ours: ratio [95 % CI]", "n", "statistic", "verdict", "why"], rows,
                 "Ratio = time(baseline) ÷ time(subject), > 1: the subject is faster; the fastest variant on each "
                 "side at each problem. An interval that straddles a threshold is inconclusive. Verdicts: "
                 + ", ".join(VERDICTS) + ".")


def conditions_text(outcomes):
    """Caveats of the measurement conditions behind the claims, once per machine."""
    per = {}
    for by_machine in outcomes.values():
        for m, o in by_machine.items():
            per.setdefault(m, set()).update(o.caveats)
    lines = [f"Measurement conditions on {m}: " + "; ".join(f"⚠ {c}" for c in sorted(cs)) + "."
             for m, cs in sorted(per.items()) if cs]
    return Text(" ".join(lines)) if lines else None


def claim_context_table(claims, outcomes):
    """Ratios shown for orientation only (e.g. across dtypes): no verdict."""
    rows = _claim_rows([c for c in claims if c.context], outcomes,
                       lambda c, o: [*_estimate_cells(o), f"{o.verdict}: {o.why}"])
    return Table("Context: ratios no paper claimed (no verdict)",
                 ["paper", "ratio", "paper's number", "machine", "ours: ratio [95 % CI]", "n", "statistic", "why"],
                 rows) if rows else None


def exclusions_table(claims, outcomes):
    """Every point a claim left out, with the reason; claims that left a point out for one reason share a row."""
    groups = {}
    for c in claims:
        for m, o in outcomes[c.id].items():
            for label, why in o.excluded:
                groups.setdefault((m, label, why), []).append(c.id)
    rows = [[m, label, why, ", ".join(ids)] for (m, label, why), ids in sorted(groups.items())]
    return Table("Points left out of the claims", ["machine", "problem", "reason", "claims"], rows,
                 "Out-of-regime sizes, flagged runs (cache label not supported, traffic above its ceiling, in-cache "
                 "not faster than out, rotation restarted before leaving the cache), pairs not memory-bound for a "
                 "bound claim.") if rows else None


def status_table(runs_by_machine):
    """Skipped and failed runs, grouped by (machine, variant, status)."""
    groups = {}
    for m, runs in runs_by_machine.items():
        for r in runs:
            if not r.ok:
                groups.setdefault((m, r.variant, r.status), []).append(r)
    if not groups:
        return None
    rows = [[m, v, s, str(len(rs))] for (m, v, s), rs in sorted(groups.items())]
    return Table("Skipped and failed runs", ["machine", "variant", "status", "problems"], rows)
