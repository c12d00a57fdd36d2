"""PyTorch's scaled_dot_product_attention on the CPU as an optional peer of the attention family.

Re-times the attention problems of a hotops results file that SDPA can serve (softmax, forward, O only —
lse=false —, f32 or bf16, causal only where n = kv: SDPA aligns the causal mask at the top left, hotops at
the bottom right, which agree only then) and returns runs in the same schema: variant torch_sdpa__auto,
provider torch, paper "peer". Every run is first checked against an fp64 reference on the same (rounded)
inputs, as hotops-bench checks its own; a run that fails is not timed. Without an importable torch, every
run is "skipped" with the import error as the reason. The tensor library is a backend object, so the
logic is tested without torch (tests/py/test_torch_peer.py).
"""
import copy
import math
import time

import numpy as np

VARIANT = "torch_sdpa__auto"
EPS = 2.0 ** -24
TOL = {"f32": 64 * EPS, "bf16": 2.0 ** -7}   # on the scale Σ_j P_ij·max|v_j| (cf. kernels/attention/reference.cpp)


class TorchBackend:
    """The real thing: torch on the CPU with `threads` intra-op threads."""

    def __init__(self, threads=1):
        import torch   # raises ImportError (or OSError for a wheel missing its libraries) when unusable
        self.torch = torch
        torch.set_num_threads(threads)
        self.version = f"torch {torch.__version__}"

    def tensor(self, values, dtype):
        t = self.torch.from_numpy(np.ascontiguousarray(values, dtype=np.float32))
        return t.to(self.torch.bfloat16) if dtype == "bf16" else t

    def numpy(self, t):
        return t.to(self.torch.float64).numpy()

    def sdpa(self, q, k, v, causal, scale):
        return self.torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=causal, scale=scale)


def unsupported(run):
    """Why SDPA cannot serve this attention problem; "" when it can."""
    o, dims = run["problem"].get("options", {}), run["problem"]["dims"]
    if o.get("kind", "softmax") != "softmax" or o.get("dir", "fwd") != "fwd":
        return "SDPA is softmax attention, forward"
    if o.get("lse", "true") != "false":
        return "SDPA returns O only: it serves lse=false problems"
    if o.get("causal") == "true" and dims.get("kv", dims["n"]) != dims["n"]:
        return "SDPA's causal mask is aligned at the top left, hotops' at the bottom right: only n = kv agree"
    return ""


def reference(q, k, v, causal, scale):
    """fp64 softmax attention and the error scale Σ_j P_ij·max_c|v_jc| per query row."""
    s = np.einsum("hid,hjd->hij", q, k) * scale
    if causal:
        n, nk = s.shape[-2:]
        s = np.where(np.arange(nk)[None, :] <= np.arange(n)[:, None] + nk - n, s, -np.inf)
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return p @ v, p @ np.abs(v).max(axis=-1, keepdims=True)


def check(backend, run, seed=1):
    """Inputs as hotops' "normal" kind (uniform in (−1, 1)), rounded to the dtype; returns (q, k, v, causal,
    scale, correctness dict)."""
    o, dims = run["problem"].get("options", {}), run["problem"]["dims"]
    heads, n, d = dims.get("heads", 1), dims["n"], dims["d"]
    nk, dtype = dims.get("kv", n), o.get("dtype", "f32")
    rng = np.random.default_rng(seed)
    q, k, v = (backend.tensor(rng.uniform(-1, 1, (1, heads, rows, d)), dtype) for rows in (n, nk, nk))
    causal = o.get("causal") == "true"
    scale = float(o["scale"]) if "scale" in o else 1 / math.sqrt(d)
    out = backend.numpy(backend.sdpa(q, k, v, causal, scale))[0]
    ref, row = reference(*(backend.numpy(t)[0] for t in (q, k, v)), causal, scale)
    err = float(np.max(np.abs(out - ref) / (np.abs(ref) + row))) if out.size else 0.0
    tol = TOL.get(dtype, TOL["f32"])
    passed = bool(np.isfinite(out).all() and err <= tol)
    return q, k, v, causal, scale, {"max_err": err, "tol": tol, "passed": passed, "input": "normal",
                                    "outputs": [{"output": "o", "max_err": err, "tol": tol, "passed": passed}]}


def time_calls(call, repetitions, min_time, clock=time.perf_counter):
    """One sample (seconds per call) per repetition, each at least min_time long."""
    samples = []
    for _ in range(repetitions):
        calls, start = 0, clock()
        while True:
            call()
            calls += 1
            elapsed = clock() - start
            if elapsed >= min_time:
                break
        samples.append(elapsed / calls)
    return samples


def summary(samples):
    a = np.asarray(samples, dtype=float)
    sd = float(a.std(ddof=1)) if a.size > 1 else 0.0
    return {"unit": "s", "median": float(np.median(a)), "p20": float(np.percentile(a, 20)),
            "p80": float(np.percentile(a, 80)), "mean": float(a.mean()), "min": float(a.min()), "stddev": sd,
            "cv": sd / float(a.mean()), "repetitions": int(a.size), "samples": a.tolist()}


def peer_run(template, status, time_block=None, correctness=None):
    run = copy.deepcopy(template)
    run.update(variant=VARIANT, algorithm="torch_sdpa", isa="auto", computes_with="auto", provider="torch",
               paper="peer", status=status, time=time_block, correctness=correctness, counters={},
               counters_source="none", counters_reason="not measured for the PyTorch peer", rotation=1,
               derived=None)
    if time_block:
        w, t = run.get("work") or {}, time_block["median"]
        flops, nbytes = w.get("ops", w.get("flops", 0)), w.get("bytes", 0)
        run["derived"] = {"gflops": flops / t / 1e9, "gbps": nbytes / t / 1e9,
                          "intensity": flops / nbytes if nbytes else None,
                          "reason": "a PyTorch run is not placed on the roofline by hotops-bench"}
    return run


def sdpa_doc(doc, backend_factory=TorchBackend, threads=1):
    """A results document with one torch_sdpa__auto run per attention problem (and cache mode) of `doc`."""
    suite = doc.get("suite") or {}
    reps, min_time = int(suite.get("repetitions", 5)), float(suite.get("min_time", 0.05))
    try:
        backend, why_not = backend_factory(threads), ""
    except (ImportError, OSError) as e:
        backend, why_not = None, f"skipped: PyTorch not importable ({type(e).__name__}: {e})"
    seen, runs = set(), []
    for r in doc.get("runs", []):
        key = (r["family"], r["problem"]["repro"], r["cache"])
        if r["family"] != "attention" or key in seen or r.get("paper") == "peer":
            continue
        seen.add(key)
        if why_not:
            runs.append(peer_run(r, why_not))
            continue
        if why := unsupported(r):
            runs.append(peer_run(r, f"skipped: {why}"))
            continue
        q, k, v, causal, scale, correct = check(backend, r)
        if not correct["passed"]:
            runs.append(peer_run(r, f"failed: correctness: max error {correct['max_err']:.3g} > tol "
                                    f"{correct['tol']:.3g}", correctness=correct))
            continue
        samples = time_calls(lambda: backend.sdpa(q, k, v, causal, scale), reps, min_time)
        runs.append(peer_run(r, "ok", summary(samples), correct))
    out = copy.deepcopy(doc)
    out["runs"] = runs
    out["suite"] = {**suite, "name": f"{suite.get('name', 'attention')}+torch", "threads": threads}
    libs = dict((out.get("context") or {}).get("libraries") or {})
    libs["torch"] = backend.version if backend else why_not
    out.setdefault("context", {})["libraries"] = libs
    return out
