"""Builders of realistic hotops results documents (schema v1) for the script tests.

Times come from a small machine model (DRAM bandwidth, per-ISA cost per exp), with seeded
log-normal noise on the repetition samples, so figures, claims and compares see plausible data.
"""
import copy
import hashlib
import json
import zlib
from pathlib import Path

import numpy as np

MACHINES = {
    # name: (cpu model, features, L3 bytes, DRAM GB/s, GFLOP/s peaks, available ISAs)
    "ci-box": ("AMD EPYC 7B13 (2 vCPU)", "sse2,avx,avx2,fma", 32 << 20, 14.0,
               {"avx2_fma_f32": 78.0, "scalar_f32": 9.6}, ("scalar", "avx2")),
    "skx": ("Intel Xeon Gold 6154 (Skylake-X)", "sse2 avx avx2 fma avx512f avx512bw", 24 << 20, 11.0,
            {"avx512f_fma_f32": 230.0, "avx2_fma_f32": 115.0, "scalar_f32": 14.4},
            ("scalar", "avx2", "avx512f")),
}
ALL_ISAS = ("scalar", "avx2", "avx512f")
NS_PER_EXP = {"scalar": 3.0, "avx2": 0.30, "avx512f": 0.17, "peer": 0.22}

SOFTMAX = {  # algorithm: (bytes read/elem, bytes written/elem, exps/elem, paper)
    "three_pass_recompute": (12, 4, 2, "2001.04438"),
    "three_pass_reload": (12, 8, 1, "2001.04438"),
    "two_pass": (8, 4, 2, "2001.04438"),
    "online": (8, 4, 3, "1805.02867"),
}
SOFTMAX_PEERS = {"onednn__jit": (12, 4, 1), "xnnpack__auto": (12, 8, 1)}
NORMS = {  # family: (bytes/elem, ns/elem avx2, dtype)
    "layernorm": (8, 0.20, "f32"),
    "rmsnorm": (8, 0.15, "f32"),
    "crmsnorm": (8, 0.14, "f32"),
    "l1norm": (2, 0.08, "int8"),
}


def _rng(*key):
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _time_block(t_true, reps, noise, key, runs=1, run_spread=0.0, exact=False):
    """Quantiles of `runs` process runs of `reps` log-normal samples; each run at its own level (run_spread).
    exact: scale so the pooled median is exactly t_true. runs > 1 records time.process_samples."""
    rng = _rng(*key)
    groups = [rng.lognormal(0.0, run_spread) * rng.lognormal(0.0, noise, size=reps) * t_true for _ in range(runs)]
    if exact:
        scale = t_true / float(np.median(np.concatenate(groups)))
        groups = [g * scale for g in groups]
    a = np.concatenate(groups)
    t = {"unit": "s", "median": float(np.median(a)), "p20": float(np.percentile(a, 20)),
         "p80": float(np.percentile(a, 80)), "mean": float(a.mean()), "min": float(a.min()),
         "stddev": float(a.std(ddof=1)) if a.size > 1 else 0.0,
         "cv": float(a.std(ddof=1) / a.mean()) if a.size > 1 else 0.0,
         "repetitions": int(a.size), "samples": a.tolist()}
    if runs > 1:
        t["process_samples"] = [g.tolist() for g in groups]
    return t


def _run(machine, family, variant, isa, paper, dims, options, cache, reads, writes, exps,
         ns_per_elem_override=None, reps=10, noise=0.02, min_bytes=None, flops_per_elem=4.0, process_runs=1):
    _, _, l3, dram, peaks, isas = MACHINES[machine]
    elements = int(np.prod(list(dims.values())))
    repro = ",".join(f"{k}={v}" for k, v in dims.items()) + "," + ",".join(f"{k}={v}" for k, v in options.items())
    min_read, min_write = min_bytes if min_bytes else (4, 4)
    work = {"elements": elements, "flops": flops_per_elem * elements, "transcendentals": exps * elements,
            "bytes_read": min_read * elements, "bytes_written": min_write * elements,
            "bytes": (min_read + min_write) * elements}
    traffic = {**work, "bytes_read": reads * elements, "bytes_written": writes * elements,
               "bytes": (reads + writes) * elements}
    run = {"family": family, "variant": variant, "algorithm": variant.split("__")[0], "isa": isa,
           "device": "cpu", "paper": paper,
           "problem": {"repro": repro, "dims": dict(dims), "options": dict(options)},
           "cache": cache, "footprint_bytes": 8 * elements,
           "rotation": max(1, (2 * l3) // (8 * elements)) if cache == "out" else 1, "threads": 1,
           "work": work, "traffic": traffic, "time": None, "derived": None, "counters": {},
           "counters_source": "none", "counters_reason": "no PMU in this VM", "correctness": None}
    if isa not in isas and isa != "peer":
        run["status"] = f"skipped: CPU lacks {isa}"
        return run
    ns = ns_per_elem_override if ns_per_elem_override is not None else NS_PER_EXP[isa] * exps
    t_compute = elements * ns * 1e-9
    # more passes stream slightly better (prefetchers stay warm), as on real machines
    bw = (dram if cache == "out" else dram * 6) * (0.8 + 0.05 * reads / 4)
    t_true = max(t_compute, traffic["bytes"] / (bw * 1e9)) + 40e-9
    t = _time_block(t_true, reps, noise, (machine, variant, repro, cache), process_runs,
                    run_spread=noise / 2)
    med = t["median"]
    ceiling, level = (dram, "DRAM") if cache == "out" else (dram * 6, "L2")
    gbps_traffic = traffic["bytes"] / med / 1e9
    run.update(status="ok", time=t,
               derived={"gflops": work["flops"] / med / 1e9, "gbps": work["bytes"] / med / 1e9,
                        "gbps_traffic": gbps_traffic, "elements_per_s": elements / med,
                        "intensity": work["flops"] / work["bytes"],
                        "bound": f"memory:{level} copy", "ceiling_value": ceiling,
                        "pct_of_ceiling": 100.0 * gbps_traffic / ceiling, "above_ceiling": gbps_traffic > ceiling,
                        "memory_ceiling": {"level": level, "kernel": "copy", "gbps": ceiling, "source": "builtin"}},
               counters={"instructions": float(elements * (30 if isa == "scalar" else 4) * exps + 1200),
                         "d1_misses": float(elements * reads / 64), "ll_misses": float(elements * reads / 64)},
               counters_source="simulated", counters_reason=None,
               correctness={"max_err": 3e-7, "tol": 1e-5, "passed": True, "input": "uniform(-1000,1000)"})
    return run


def softmax_runs(machine, sizes=(10**3, 10**4, 10**5, 10**6, 10**7), reps=10, noise=0.02,
                 isas=ALL_ISAS, peers=True, process_runs=1):
    l3 = MACHINES[machine][2]
    runs = []
    for n in sizes:
        caches = ["out"] + (["in"] if 8 * n < l3 // 2 else [])
        for cache in caches:
            for isa in isas:
                for alg, (rd, wr, ex, paper) in SOFTMAX.items():
                    runs.append(_run(machine, "softmax", f"{alg}__{isa}", isa, paper, {"rows": 1, "n": n},
                                     {"dtype": "f32"}, cache, rd, wr, ex, reps=reps, noise=noise,
                                     process_runs=process_runs))
            if peers and machine == "skx":
                for name, (rd, wr, ex) in SOFTMAX_PEERS.items():
                    runs.append(_run(machine, "softmax", name, "peer", "peer", {"rows": 1, "n": n},
                                     {"dtype": "f32"}, cache, rd, wr, ex, reps=reps, noise=noise,
                                     process_runs=process_runs))
    return runs


def norm_runs(machine, ds=(256, 1024, 4096), rows=256, reps=10, noise=0.02, families=tuple(NORMS)):
    runs = []
    for fam in families:
        b, ns, dtype = NORMS[fam]
        for d in ds:
            per = 1 if dtype == "int8" else 4
            runs.append(_run(machine, fam, f"{fam}__avx2", "avx2", "2411.10948" if fam == "l1norm" else "",
                             {"rows": rows, "d": d}, {"dtype": dtype}, "in", b / 2 * 1, b / 2,
                             0, ns_per_elem_override=ns, reps=reps, noise=noise,
                             min_bytes=(per, per), flops_per_elem=5.0))
    return runs


def context(machine):
    model, features, l3, _, _, isas = MACHINES[machine]
    return {"machine": machine, "date": "2025-01-15T10:00:00Z",
            "cpu": {"model": model, "vendor": model.split()[0], "features": features, "cores": 2, "pus": 2,
                    "caches": {"L1d": 32768, "L2": 1 << 20, "L3": l3}, "governor": None, "boost": None,
                    "smt": "off"},
            "os": {"kernel": "6.1.0-18-cloud-amd64", "hypervisor": "KVM"},
            "build": {"compiler": "GNU 12.2.0", "flags": "-O3", "build_type": "Release", "peers": ""},
            "git": {"commit": "531bc4e", "dirty": False}, "libraries": {"benchmark": "1.7.1"}, "gpu": None}


def ceilings(machine):
    """A hotops-ceilings object as measure/ceilings writes it: arrays of entries, 1 and all threads."""
    _, _, _, dram, peaks, isas = MACHINES[machine]
    compute, bandwidth = [], []
    for threads in (1, 2):
        for isa in ALL_ISAS:
            name = f"fp32 {isa} {'mul+add' if isa == 'scalar' else 'fma'}"
            e = {"name": name, "dtype": "fp32", "isa": isa, "op": "fma", "unit": "GFLOP/s", "threads": threads}
            peak = peaks.get(f"{isa}_fma_f32", peaks.get(f"{isa}_f32"))
            if isa in isas and peak:
                e.update(value=peak * threads, used="builtin", builtin={"median": peak * threads, "spread": 0.01})
            else:
                e["skipped"] = f"CPU lacks {isa}"
            compute.append(e)
        compute.append({"name": "int8 avx2 dot", "dtype": "int8", "isa": "avx2", "op": "dot", "unit": "GOP/s",
                        "threads": threads, "value": 300.0 * threads})
        for level, scale in (("L1", 20), ("L2", 6), ("L3", 2.5), ("DRAM", 1)):
            for kernel, k in (("read", 1.1), ("copy", 0.9), ("triad", 1.0)):
                bandwidth.append({"level": level, "kernel": kernel, "threads": threads, "unit": "GB/s",
                                  "value": dram * scale * k * (threads if level != "DRAM" else 1.3)})
    return {"schema": "hotops-ceilings", "schema_version": 1, "mode": "quick", "compute": compute,
            "bandwidth": bandwidth}


def results_doc(machine, runs, suite="softmax", date="2025-01-15T10:00:00Z", reps=10, with_ceilings=True):
    doc = {"schema_version": 1, "context": context(machine),
           "ceilings": ceilings(machine) if with_ceilings else None,
           "suite": {"name": suite, "path": f"suites/{suite}.yaml",
                     "hash": "sha256:" + hashlib.sha256(suite.encode()).hexdigest(),
                     "repetitions": reps, "min_time": 0.05, "threads": 1},
           "counters": {"source": "simulated", "reason": None, "tried": ["likwid", "perf_event", "simulated"]},
           "runs": runs}
    doc["context"]["date"] = date
    return doc


def write(path, doc):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1))
    return path


def write_machine(root, machine, stamp="20250115T100000Z", suite="softmax", runs=None, **kw):
    runs = runs if runs is not None else softmax_runs(machine)
    return write(Path(root) / machine / f"{stamp}-{suite}.json", results_doc(machine, runs, suite=suite, **kw))


def slow_down(doc, variant_substr, factor, counters_factor=None):
    """Copy of doc with every ok run whose variant contains variant_substr made `factor` slower."""
    out = copy.deepcopy(doc)
    for r in out["runs"]:
        if variant_substr in r["variant"] and r["status"] == "ok":
            t = r["time"]
            for k in ("median", "p20", "p80", "mean", "min", "stddev"):
                t[k] *= factor
            t["samples"] = [s * factor for s in t["samples"]]
            if counters_factor is not None:
                r["counters"] = {k: v * counters_factor for k, v in r["counters"].items()}
    return out


DTYPE_BYTES = {"f32": 4, "bf16": 2, "int8": 1}


def simple_run(family, variant, isa, dims, median, cache="out", reps=8, noise=0.01, status="ok", dtype="f32",
               device="cpu", seed=0, runs=1, run_spread=0.0, footprint=None, rotation=1, memory=None):
    """A minimal valid run with a chosen (pooled) median time, for verdict-logic tests.

    runs > 1 records time.process_samples (one group per process run, each shifted by run_spread);
    footprint defaults to input + output bytes; memory=(traffic bytes per call, ceiling GB/s, level) places it
    on a memory roof (derived.gbps_traffic, derived.memory_ceiling)."""
    elements = int(np.prod(list(dims.values())))
    repro = ",".join(f"{k}={v}" for k, v in dims.items()) + f",dtype={dtype}"
    run = {"family": family, "variant": variant, "algorithm": variant.split("__")[0], "isa": isa,
           "device": device, "paper": "", "problem": {"repro": repro, "dims": dict(dims), "options": {"dtype": dtype}},
           "cache": cache, "threads": 1,
           "footprint_bytes": footprint if footprint is not None else 2 * DTYPE_BYTES[dtype] * elements,
           "rotation": rotation,
           "work": {"elements": elements, "flops": 4.0 * elements, "bytes": 8.0 * elements},
           "counters": {}, "counters_source": "none", "counters_reason": "test", "correctness": None,
           "status": status, "time": None, "derived": None}
    if status == "ok":
        run["time"] = _time_block(median, reps, noise, (variant, repro, cache, seed), runs, run_spread, exact=True)
        run["derived"] = {"gflops": 4.0 * elements / median / 1e9, "gbps": 8.0 * elements / median / 1e9,
                          "intensity": 0.5, "bound": None, "ceiling_value": None, "pct_of_ceiling": None,
                          "above_ceiling": None}
        if memory:
            traffic, ceiling, level = memory
            gbps = traffic / median / 1e9
            run["derived"].update(gbps_traffic=gbps, bound=f"memory:{level} copy", ceiling_value=ceiling,
                                  pct_of_ceiling=100 * gbps / ceiling, above_ceiling=gbps > ceiling,
                                  memory_ceiling={"level": level, "kernel": "copy", "gbps": ceiling,
                                                  "source": "likwid"})
    return run
