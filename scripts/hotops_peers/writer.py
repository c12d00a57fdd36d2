"""A peer's timings as a hotops results file (scripts/results.schema.json, schema_version 1), from
`hotops-bench describe`'s context, ceilings and per-problem work model and roofline placement."""
import hashlib
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .stats import time_summary

SCHEMA_VERSION = 1


def utc_stamp():
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def suite_block(suite_path, name, repetitions, min_time):
    data = Path(suite_path).read_bytes()
    return {"name": name, "path": str(suite_path), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "repetitions": repetitions, "min_time": min_time, "threads": 1,
            "interleaved": False, "rotation_carried": False}


def run_entry(described, cache, variant, provider, samples=None, correctness=None, status="ok", timing=None):
    """One `runs[]` row. `described` is describe's entry for the problem (with `derived` when timed)."""
    work = described["work"]
    ok = status == "ok"
    return {"family": described["family"], "variant": variant, "algorithm": variant.split("__")[0], "isa": "cuda",
            "computes_with": "cuda", "provider": provider, "device": "cuda", "paper": "peer",
            "problem": described["problem"], "cache": cache, "footprint_bytes": int(described["footprint_bytes"]),
            "rotation": 1, "threads": 1, "work": work, "traffic": work,
            "time": time_summary(samples) if ok else None, "derived": described.get("derived") if ok else None,
            "device_timing": timing, "counters": {}, "counters_source": "none",
            "counters_reason": "peer bridge: no counters", "correctness": correctness, "status": status}


def document(described, suite, runs, libraries, extra=None):
    context = dict(described["context"])
    context["libraries"] = {**context.get("libraries", {}), **libraries}
    doc = {"schema_version": SCHEMA_VERSION, "context": context, "ceilings": described.get("ceilings"),
           "ceilings_reason": described.get("ceilings_reason"), "suite": suite,
           "counters": {"source": "none", "reason": "peer bridge: no counters"}, "runs": runs}
    doc.update(extra or {})
    return doc


def write_atomically(path, doc):
    """Whole or not at all: a temporary file beside `path`, then a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, allow_nan=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
