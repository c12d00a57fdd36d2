"""Defensive reading of a machine's measured ceilings object (issue 3, measure/ceilings).

Two shapes are understood, anything else is skipped:
- the hotops-ceilings file: "compute": [{"name", "dtype", "unit", "threads", "value" | "skipped"}],
  "bandwidth": [{"level", "kernel", "threads", "unit", "value" | "skipped"}];
- a plain mapping: ceilings["bandwidth"][level][kernel] -> GB/s number or {"median": ...},
  ceilings["compute"][name] -> GFLOP/s number or {"median": ...}.
"""
import json
import math
from dataclasses import dataclass
from pathlib import Path

from . import load
from .errors import InputError

LEVEL_ORDER = ("L1", "L1d", "L2", "L3", "LLC", "DRAM", "MEM", "memory")
VALUE_KEYS = ("value", "median", "gbps", "gflops")


@dataclass(frozen=True)
class Roof:
    kind: str            # "bandwidth" | "compute"
    name: str            # memory level (bandwidth) or peak name (compute)
    detail: str = ""     # kernel (bandwidth)
    value: float = None  # GB/s or GFLOP/s; None when skipped
    threads: int = None
    unit: str = ""
    dtype: str = ""
    skipped: str = ""
    source: str = ""     # which measurement the value is: "builtin" | "likwid"
    spread: float = None  # (max - min) / median of that measurement's repetitions
    other: str = ""      # the other tool's median, e.g. "builtin 16.1"


def _provenance(e):
    """(source, spread, other) of a list-shaped entry that names the measurement it used."""
    used = e.get("used")
    if not isinstance(used, str) or not used:
        return "", None, ""
    mine = e.get(used) if isinstance(e.get(used), dict) else {}
    spread = _value(mine.get("spread")) if "spread" in mine else None
    others = [f"{k} {_value(v['median']):.1f}" for k, v in sorted(e.items())
              if k in ("builtin", "likwid") and k != used and isinstance(v, dict) and _value(v.get("median"))]
    return used, spread, ", ".join(others)


def _value(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v) if math.isfinite(v) and v > 0 else None
    if isinstance(v, dict):
        for k in VALUE_KEYS:
            if k in v:
                return _value(v[k])
    return None


def level_key(level):
    return (LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER), level)


def _threads(e):
    t = e.get("threads")
    return t if isinstance(t, int) and not isinstance(t, bool) else None


def entries(ceilings):
    """Every ceiling entry that could be read, measured or skipped."""
    out = []
    c = ceilings if isinstance(ceilings, dict) else {}
    bw, comp = c.get("bandwidth"), c.get("compute")
    if isinstance(bw, list):
        for e in bw:
            if isinstance(e, dict) and isinstance(e.get("level"), str):
                out.append(Roof("bandwidth", e["level"], str(e.get("kernel", "")), _value(e.get("value")),
                                _threads(e), str(e.get("unit", "GB/s")), skipped=str(e.get("skipped") or ""),
                                **dict(zip(("source", "spread", "other"), _provenance(e)))))
    elif isinstance(bw, dict):
        for level, kernels in bw.items():
            direct = _value(kernels)
            if direct is not None:
                out.append(Roof("bandwidth", level, "", direct, unit="GB/s"))
            elif isinstance(kernels, dict):
                for kernel, v in kernels.items():
                    if _value(v) is not None:
                        out.append(Roof("bandwidth", level, kernel, _value(v), unit="GB/s"))
    if isinstance(comp, list):
        for e in comp:
            if isinstance(e, dict) and isinstance(e.get("name"), str):
                out.append(Roof("compute", e["name"], "", _value(e.get("value")), _threads(e),
                                str(e.get("unit", "GFLOP/s")), str(e.get("dtype", "")),
                                skipped=str(e.get("skipped") or ""),
                                **dict(zip(("source", "spread", "other"), _provenance(e)))))
    elif isinstance(comp, dict):
        for name, v in comp.items():
            if _value(v) is not None:
                out.append(Roof("compute", name, "", _value(v), unit="GFLOP/s"))
    return sorted(out, key=lambda r: (r.kind, level_key(r.name), r.detail, r.threads or 0))


def load_of(ceilings):
    """load.Load of the machine while its ceilings were measured."""
    env = (ceilings or {}).get("environment") if isinstance(ceilings, dict) else None
    env = env if isinstance(env, dict) else {}
    cores = (env.get("topology") or {}).get("cores") if isinstance(env.get("topology"), dict) else None
    return load.read(env.get("load"), env.get("loadavg_before"), env.get("loadavg_after"), cores)


def _pick_threads(roofs, threads):
    """Entries measured with `threads` (or without a thread count); else the fewest threads measured."""
    have = sorted({r.threads for r in roofs if r.threads is not None})
    if not have:
        return roofs
    t = threads if threads in have else have[0]
    return [r for r in roofs if r.threads in (t, None)]


def bandwidths(ceilings, threads=1):
    return _pick_threads([r for r in entries(ceilings) if r.kind == "bandwidth" and r.value], threads)


def bandwidth_roofs(ceilings, threads=1):
    """One roof per memory level: the best kernel's value."""
    best = {}
    for r in bandwidths(ceilings, threads):
        if r.name not in best or r.value > best[r.name].value:
            best[r.name] = r
    return [best[k] for k in sorted(best, key=level_key)]


def compute_roofs(ceilings, threads=1):
    """Measured floating-point peaks in GFLOP/s (fp32 where the dtype is recorded)."""
    roofs = [r for r in entries(ceilings) if r.kind == "compute" and r.value and r.unit in ("GFLOP/s", "")
             and r.dtype in ("", "fp32", "f32")]
    return _pick_threads(roofs, threads)


def read_side_file(results_path):
    """ceilings.json next to a results file, or None when absent. Corrupt -> InputError."""
    p = Path(results_path).parent / "ceilings.json"
    if not p.is_file():
        return None
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{p}: cannot read ceilings: {e}") from None
    if not isinstance(doc, dict):
        raise InputError(f"{p}: ceilings file is not a JSON object")
    return doc["ceilings"] if isinstance(doc.get("ceilings"), dict) else doc


def machine_ceilings(files):
    """{machine: ceilings dict or None}: the newest embedded object, else ceilings.json beside the file."""
    out = {}
    for f in sorted(files, key=lambda f: (f.date, str(f.path))):
        c = f.doc.get("ceilings")
        if not isinstance(c, dict):
            c = read_side_file(f.path)
        if isinstance(c, dict):
            out[f.machine] = c
        else:
            out.setdefault(f.machine, None)
    return out
