#!/usr/bin/python3
"""PyTorch peers on the device: scripts/torch_peer.py --bench BUILD/hotops-bench [options]

Times PyTorch's softmax, layer_norm, rms_norm and flash scaled_dot_product_attention on the problems of a
suite's `peers:` list (suites/gpu.yaml) with CUDA events, the way hotops-bench times its own device variants
(the L2 evicted out of cache, graphs for tiny calls), checks each against float64, and writes a hotops
results file, <out>/<machine>/<UTC>-<suite>_torch.json, that scripts/report.py renders beside the suite's
results. The work model, canonical problem, roofline placement and environment come from
`hotops-bench describe`, so GB/s and % of ceiling mean the same on both sides. Every measurement is also
appended to <same stem>.raw.jsonl as it is taken (kept when a run is cut short, or when the family is not
in this build and so cannot go into results).

Without torch or a CUDA device every run is written as "skipped: <why>" (exit 0). --fake times nothing:
it writes made-up, deterministic timings marked as such, to test the writer without torch or a GPU.
Exit 2 on bad input (unreadable suite, no peers list), 1 when results could not be written.
"""
import argparse
import json
import random
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hotops_peers import bench as hbench  # noqa: E402
from hotops_peers import torch_ops, writer  # noqa: E402
from hotops_peers.stats import time_summary  # noqa: E402
from hotops_peers.timing import DeviceCallTimer  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[1], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--bench", required=True, help="hotops-bench executable (for `describe`)")
    p.add_argument("--suite", default=str(Path(__file__).resolve().parent.parent / "suites" / "gpu.yaml"))
    p.add_argument("--out", default="results", help="results directory (files go to OUT/<machine>/)")
    p.add_argument("--machine", help="machine name (default: hotops-bench's, the host name)")
    p.add_argument("--ceilings", help="ceilings file for the roofline (default: OUT/<machine>/ceilings.json)")
    p.add_argument("--budget-s", type=float, default=float("inf"), help="stop starting new problems after this")
    p.add_argument("--fake", action="store_true", help="made-up timings, no torch (tests of the writer)")
    return p.parse_args(argv)


def _number(text):
    try:
        v = float(text)
    except ValueError:
        return None
    return int(v) if v.is_integer() else v


def parse_repro(repro):
    """"k=v,..." as the suite gives it: numbers (1e6 too) as dims, the rest as options (text)."""
    dims, options = {}, {}
    for part in repro.split(","):
        key, _, value = part.partition("=")
        if _number(value) is None:
            options[key] = value
        else:
            dims[key] = _number(value)
    return dims, options


def load_peers(path):
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise SystemExit(f"torch_peer: error: cannot read suite {path}: {e}") from None
    peers = doc.get("peers") if isinstance(doc, dict) else None
    if not isinstance(peers, list) or not peers:
        raise SystemExit(f"torch_peer: error: {path} has no `peers:` list")
    items = [(e["family"], p, c) for e in peers for p in e["problems"] for c in e.get("cache", ["out"])]
    return doc, items


def torch_or_reason(fake):
    if fake:
        return None, ""
    try:
        import torch
    except ImportError as e:
        return None, f"no PyTorch here ({e})"
    if not torch.cuda.is_available():
        return None, "no CUDA device visible to PyTorch"
    return torch, ""


class Fake:
    """Made-up timings: the family's bytes at 3 TB/s plus 3 µs, with seeded noise."""

    def __init__(self):
        self.rng = random.Random(14)

    def measure(self, described, reps):
        base = described.get("work", {}).get("bytes", 0) / 3e12 + 3e-6
        return ([base * self.rng.lognormvariate(0, 0.02) for _ in range(reps)],
                {"max_err": 0.0, "tol": 1e-5, "passed": True, "input": "fake"},
                {"method": "fake", "calls_per_sample": 1, "l2_flushed": False, "note": "torch_peer.py --fake"})


def measure_torch(torch, family, repro, cache, policy, l2_bytes, reps, min_time):
    """(samples, correctness, timing) of PyTorch's kernel, or raises torch_ops.Unsupported."""
    dims, options = parse_repro(repro)
    op = torch_ops.make(torch, family, dims, options)
    err, tol = op.check()
    correctness = {"max_err": err, "tol": tol, "passed": err <= tol, "input": "random", "metric": torch_ops.METRIC}
    if not correctness["passed"]:
        return None, correctness, None
    timer = DeviceCallTimer(torch, op.call, cache, policy, l2_bytes)
    samples = [timer.repetition(min_time) for _ in range(reps)]
    return samples, correctness, timer.info


def main(argv=None):
    a = parse_args(argv)
    suite_doc, items = load_peers(a.suite)
    reps, min_time = int(suite_doc.get("repetitions", 5)), float(suite_doc.get("min_time", 0.02))
    name = f"{suite_doc.get('name', Path(a.suite).stem)}_torch" + ("_fake" if a.fake else "")
    torch, why_not = torch_or_reason(a.fake)
    request = [{"family": f, "problem": p, "cache": c, "device": "cuda"} for f, p, c in items]
    try:
        first = hbench.describe(a.bench, request, machine=a.machine)
    except hbench.BenchError as e:
        print(f"torch_peer: error: {e}", file=sys.stderr)
        return 1
    machine = first["context"]["machine"]
    out_dir = Path(a.out) / machine
    ceilings = a.ceilings or out_dir / "ceilings.json"
    stem = f"{writer.utc_stamp()}-{name}"
    raw_path = out_dir / f"{stem}.raw.jsonl"
    out_dir.mkdir(parents=True, exist_ok=True)
    gpu = (first["context"].get("gpu") or [{}])[0]
    policy, l2_bytes = first["timing_policy"], gpu.get("l2_bytes") or 64 << 20
    if why_not:
        print(f"torch_peer: every run skipped: {why_not}")
    fake, started, measured = Fake() if a.fake else None, time.monotonic(), []
    for (family, repro, cache), described in zip(items, first["runs"]):
        entry = {"family": family, "problem": repro, "cache": cache, "status": "ok"}
        if why_not:
            entry["status"] = f"skipped: {why_not}"
        elif time.monotonic() - started > a.budget_s:
            entry["status"] = f"skipped: the time budget of {a.budget_s:g} s was spent"
        elif fake:
            entry["samples"], entry["correctness"], entry["timing"] = fake.measure(described, reps)
        else:
            try:
                entry["samples"], entry["correctness"], entry["timing"] = measure_torch(
                    torch, family, repro, cache, policy, l2_bytes, reps, min_time)
            except torch_ops.Unsupported as e:
                entry["status"] = f"skipped: {e}"
            except torch.cuda.OutOfMemoryError as e:
                entry["status"] = f"skipped: out of device memory ({str(e).splitlines()[0]})"
            finally:
                torch.cuda.empty_cache()
            if entry["status"] == "ok" and entry["samples"] is None:
                entry["status"] = f"failed: correctness: error {entry['correctness']['max_err']:.3g} above " \
                                  f"{entry['correctness']['tol']:g}"
        measured.append(entry)
        with raw_path.open("a", encoding="utf-8") as f:
            f.write(json.dumps({**entry, "variant": torch_ops.variant_of(family)}) + "\n")
        if entry.get("samples"):
            print(f"  {family}/{torch_ops.variant_of(family)}/{repro}/{cache}: "
                  f"{time_summary(entry['samples'])['median'] * 1e6:.2f} us", flush=True)
    return write_results(a, suite_doc, name, first, measured, ceilings, out_dir / f"{stem}.json", raw_path, torch,
                         reps, min_time)


def write_results(a, suite_doc, name, first, measured, ceilings, path, raw_path, torch, reps, min_time):
    """The results file: describe again with the median times, for the roofline placement."""
    timed = [{"family": m["family"], "problem": m["problem"], "cache": m["cache"], "device": "cuda",
              "seconds": time_summary(m["samples"])["median"]} for m in measured if m.get("samples")]
    placed = hbench.describe(a.bench, timed, machine=first["context"]["machine"], ceilings=ceilings)
    placements = iter(placed["runs"])
    runs, not_described = [], []
    for m, d in zip(measured, first["runs"]):
        if m.get("samples"):
            d = next(placements)
        if "error" in d:
            not_described.append({"family": m["family"], "problem": m["problem"], "cache": m["cache"],
                                  "status": m["status"], "why": d["error"], "raw": raw_path.name})
            continue
        runs.append(writer.run_entry(d, m["cache"], torch_ops.variant_of(m["family"]), "pytorch", m.get("samples"),
                                     m.get("correctness"), m["status"], m.get("timing")))
    if not runs:
        print(f"torch_peer: nothing this build can describe was measured; raw timings in {raw_path}", file=sys.stderr)
        return 1
    libraries = {"pytorch": "fake (torch_peer.py --fake: made-up timings)"} if a.fake else \
        {"pytorch": torch.__version__, "pytorch-cuda": str(torch.version.cuda),
         "cudnn": str(torch.backends.cudnn.version())} if torch else {}
    doc = writer.document(placed, writer.suite_block(a.suite, name, reps, min_time), runs, libraries,
                          {"peers_not_described": not_described})
    try:
        from hotops_report.schema import validate  # needs jsonschema, absent on some machines
        validate(doc, path)
    except ImportError as e:
        print(f"torch_peer: note: results not validated here ({e})", file=sys.stderr)
    print(f"torch_peer: results {writer.write_atomically(path, doc)}")
    for family in sorted({n["family"] for n in not_described}):
        mine = [n for n in not_described if n["family"] == family]
        print(f"torch_peer: {family}: {len(mine)} problem(s) not in results ({mine[0]['why']}); raw timings in {raw_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
