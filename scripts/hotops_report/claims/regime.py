"""Which memory regime a run was really measured in, and the flags that keep a run out of verdicts.

- Out of cache "row_out" (the Two-Pass paper's regime): one row, the data a pass streams, is at least
  ROW_FACTOR x the last-level cache, so no pass finds the previous pass's data in cache.
- Out of cache "out": rotated buffers; a row may still stay in cache between the passes over it.
- In cache: the footprint fits in IN_CACHE_FRACTION of a level (per core for private levels, of the shared
  level otherwise); the smallest such level is the one the run is in.
Flags (a run so flagged is left out of every verdict): an in-cache label the footprint does not support;
a traffic rate above the run's own ceiling; an in-cache time not faster than the same benchmark out of
cache; an out-of-cache run whose rotation restarted every repetition before it could leave the cache.
"""
from dataclasses import dataclass

from ..units import pct, size

ROW_FACTOR = 4
IN_CACHE_FRACTION = 0.5
# Ceiling medians wander by a few per cent between measurements: a run within this much above its ceiling
# is at it; beyond it, the data came from a nearer level than the label says.
CEILING_TOLERANCE = 0.05
# An in-cache time must beat the same benchmark out of cache by this much, or the label is not borne out.
IN_FASTER_MARGIN = 0.02
PRIVATE_LEVELS = ("L1d", "L2")
DTYPE_BYTES = {"f32": 4, "fp32": 4, "bf16": 2, "f16": 2, "fp16": 2, "int8": 1, "i8": 1, "s8": 1, "u8": 1,
               "f64": 8, "fp64": 8}


@dataclass(frozen=True)
class Machine:
    """What the regime rules need to know about where and how a run was measured."""
    caches: dict                    # {"L1d": bytes, "L2": bytes, "L3": bytes}, missing levels absent
    min_time: float = None          # seconds per repetition (suite.min_time)
    rotation_carried: bool = False  # the rotation index is kept across repetitions (suite.rotation_carried)

    @property
    def llc(self):
        for level in ("L3", "L2", "L1d"):
            if self.caches.get(level):
                return self.caches[level]
        return None


def machine_of(context, suite=None):
    caches = {k: v for k, v in (((context or {}).get("cpu") or {}).get("caches") or {}).items() if v}
    suite = suite or {}
    return Machine(caches=caches, min_time=suite.get("min_time"), rotation_carried=bool(suite.get("rotation_carried")))


def row_bytes(run, row_dim):
    n = run.dims.get(row_dim)
    return n * DTYPE_BYTES.get(run.dtype or "f32", 4) if n else None


def in_cache_level(run, machine):
    """(level, fraction of it the footprint fills) for the smallest level holding it at IN_CACHE_FRACTION."""
    fp = run.footprint_bytes
    if not fp:
        return None, None
    for level in ("L1d", "L2", "L3"):
        capacity = machine.caches.get(level)
        if not capacity:
            continue
        share = fp / run.threads if level in PRIVATE_LEVELS else fp
        if share <= IN_CACHE_FRACTION * capacity:
            return level, share / capacity
    return None, None


def kind(run, machine, row_dim):
    """"row_out", "out", "in" or "" (an in-cache label the footprint does not support)."""
    if run.cache == "out":
        rb, llc = row_bytes(run, row_dim), machine.llc
        return "row_out" if rb and llc and rb >= ROW_FACTOR * llc else "out"
    return "in" if in_cache_level(run, machine)[0] else ""


def label(run, machine, row_dim):
    if run.cache == "out":
        rb, llc = row_bytes(run, row_dim), machine.llc
        if rb and llc:
            return f"out of cache, row {size(rb)} = {rb / llc:.2g}× LLC"
        return "out of cache"
    level, frac = in_cache_level(run, machine)
    if level:
        return f"in {level} (footprint {pct(frac)} of it{' per core' if level in PRIVATE_LEVELS else ''})"
    return "labelled in cache, fits no level at half"


def flags(run, machine, out_partner=None, cache_rules=True):
    """Reasons this run must stay out of verdicts (empty when none). cache_rules=False: a compute-bound
    comparison, where the cache label and the rotation do not matter; only a result above its ceiling counts."""
    out = []
    fp, llc = run.footprint_bytes, machine.llc
    if cache_rules and run.cache == "in" and fp and machine.caches and not in_cache_level(run, machine)[0]:
        biggest = max(machine.caches.values())
        out.append(f"labelled in cache, but its footprint {size(fp)} is {pct(fp / biggest)} of the largest cache "
                   f"({size(biggest)}); in cache needs ≤ {pct(IN_CACHE_FRACTION)} of a level")
    d = run.derived
    mem = d.get("memory_ceiling") or {}
    if d.get("gbps_traffic") and mem.get("gbps") and d["gbps_traffic"] > mem["gbps"] * (1 + CEILING_TOLERANCE):
        beyond_cache = mem.get("level") == "DRAM" and fp and llc and fp >= 4 * llc
        why = ("no cache holds operands of 4× the LLC: the measured ceiling or the traffic model is too low"
               if beyond_cache else "served from a nearer cache than labelled")
        out.append(f"traffic {d['gbps_traffic']:.1f} GB/s is {pct(d['gbps_traffic'] / mem['gbps'])} of its "
                   f"{mem.get('level', '')} {mem.get('kernel', '')} ceiling: {why}")
    elif d.get("above_ceiling") and (d.get("pct_of_ceiling") or 0) > 100 * (1 + CEILING_TOLERANCE):
        out.append(f"above its ceiling ({d.get('bound')}, {d.get('pct_of_ceiling'):.0f} %)")
    if not cache_rules:
        return out
    if run.cache == "in" and out_partner is not None and run.median > (1 - IN_FASTER_MARGIN) * out_partner.median:
        out.append(f"in-cache time {run.median:.3g} s is not faster than out of cache ({out_partner.median:.3g} s) "
                   f"by {pct(IN_FASTER_MARGIN)}")
    if (run.cache == "out" and not machine.rotation_carried and machine.min_time and fp and llc
            and (run.rotation or 1) > 1):
        calls = max(1.0, machine.min_time / run.median)
        if calls * fp < ROW_FACTOR * llc:
            out.append(f"rotation restarts every repetition: ~{calls:.0f} calls × {size(fp)} touch "
                       f"{calls * fp / llc:.2g}× the LLC before buffer 0 comes back (needs {ROW_FACTOR}×)")
    return out


def out_partners(runs):
    """{id(in-cache run): the same benchmark's out-of-cache run} among ok runs of one results file."""
    outs = {(r.source, r.family, r.variant, r.raw["problem"]["repro"], r.threads): r
            for r in runs if r.ok and r.cache == "out"}
    return {id(r): outs.get((r.source, r.family, r.variant, r.raw["problem"]["repro"], r.threads))
            for r in runs if r.ok and r.cache == "in"}
