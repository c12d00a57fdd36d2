"""Synthetic results for the claim tests: marginal ratios, process runs, regimes and conditions on demand."""
import copy

import builders
from hotops_report import claims
from hotops_report.claims import check
from hotops_report.claims.verdicts import CONTEXT, VERDICTS
from hotops_report.loader import result_file

SKX_LLC = builders.MACHINES["skx"][2]          # 24 MiB: the paper's regime starts at rows of 96 MiB (n >= 2.6e7)
ROW_OUT = (3 * 10**7, 10**8)                   # f32 rows of 114 and 381 MiB
DRAM = 11.0                                    # GB/s, the copy ceiling the memory-bound runs are placed on


def claim(cid):
    return next(c for c in claims.all_claims() if c.id == cid)


def pair(subject, baseline, isa, ratio, sizes=ROW_OUT, family="softmax", row_dim="n", rows=1, t_per_elem=1e-9,
         traffic=None, **kw):
    """subject and baseline runs with time(baseline) / time(subject) = ratio at each size.
    traffic=(subject bytes/elem, baseline bytes/elem, share of DRAM) places both on the DRAM roof."""
    raws = []
    for n in sizes:
        dims = {"rows": rows, row_dim: n}
        t = t_per_elem * n * rows
        mem_s = mem_b = None
        if traffic:
            bs, bb, share = traffic
            mem_s = (bs * n * rows, bs * n * rows / t / 1e9 / share, "DRAM")
            mem_b = (bb * n * rows, mem_s[1], "DRAM")
        raws.append(builders.simple_run(family, f"{subject}__{isa}", isa, dims, t, memory=mem_s, **kw))
        raws.append(builders.simple_run(family, f"{baseline}__{isa}", isa, dims, t * ratio, memory=mem_b, **kw))
    return raws


def softmax_pair(ratio, isa="avx2", baseline="three_pass_recompute", **kw):
    return pair("two_pass", baseline, isa, ratio, **kw)


def doc_of(raws, machine="skx", suite=None, context=None, drift=None, ceilings=True):
    doc = builders.results_doc(machine, copy.deepcopy(raws), with_ceilings=ceilings)
    doc["suite"].update(suite or {})
    doc["context"].update(context or {})
    if drift is not None:
        doc["drift"] = drift
    return doc


QUIET = {"suite": {"interleaved": True, "process_runs": 3},
         "context": {"load": {"before": 0.02, "after": 1.0, "cpus": 2, "busy": False, "detail": "idle"}},
         "drift": {"level": "DRAM", "kernel": "copy", "threads": 1, "start_gbps": 11.0, "end_gbps": 10.9}}


def evaluate(cid, raws, machine="skx", docs=None, **doc_kw):
    """Outcome of claim `cid` on runs written as one results file (or several: docs=[doc, ...])."""
    docs = docs or [doc_of(raws, machine, **{**QUIET, **doc_kw})]
    files = [result_file(d, f"mem/{machine}/{i}.json") for i, d in enumerate(docs)]
    runs = [r for f in files for r in f.runs]
    out = check.evaluate(claim(cid), {machine: runs}, {machine: docs[0]["context"]},
                         claims.settings_of(files))[machine]
    assert out.verdict in VERDICTS + (CONTEXT,), out.verdict
    return out
