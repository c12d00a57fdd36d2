#!/usr/bin/python3
"""The optional PyTorch peer of the attention family: scripts/torch_sdpa.py RESULTS.json [--threads N]

Re-times the attention problems of a hotops results file with torch.nn.functional.scaled_dot_product_attention
on the CPU (same repetitions and min_time, checked against fp64 first) and writes <stem>-torch_sdpa.json next
to it, in the same schema, so that scripts/report.py shows it beside the C++ variants. torch is not a
dependency of hotops (its PyPI wheel is the CUDA build, gigabytes with its libraries): without an importable
torch every run is written as skipped, with the reason. Exit 2 on bad input, nothing written.
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hotops_report.errors import InputError  # noqa: E402
from hotops_report.schema import validate  # noqa: E402
from hotops_report.torch_peer import sdpa_doc  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", type=Path, help="a hotops results file with attention runs")
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1)")
    a = ap.parse_args(argv)
    try:
        if a.threads < 1:
            raise InputError("--threads must be a positive integer")
        try:
            doc = json.loads(a.results.read_text())
        except (OSError, json.JSONDecodeError) as e:
            raise InputError(f"{a.results}: {e}") from e
        validate(doc, str(a.results))
        if not any(r.get("family") == "attention" for r in doc["runs"]):
            raise InputError(f"{a.results}: no attention runs to re-time")
        out = sdpa_doc(doc, threads=a.threads)
        validate(out, "the PyTorch peer's results")
    except InputError as e:
        print(f"torch_sdpa.py: error: {e}", file=sys.stderr)
        return 2
    path = a.results.with_name(a.results.stem + "-torch_sdpa.json")
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(out, indent=1))
    tmp.replace(path)  # written whole or not at all
    ok = sum(r["status"] == "ok" for r in out["runs"])
    print(f"torch_sdpa.py: {ok} of {len(out['runs'])} problems timed; {path}")
    for r in out["runs"]:
        if r["status"] != "ok":
            print(f"  {r['problem']['repro']}: {r['status']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
