"""The optional PyTorch peer (scripts/torch_sdpa.py) with a numpy stand-in for torch, and without torch."""
import json

import numpy as np
import pytest

import builders
from conftest import run_script
from hotops_report import torch_peer
from hotops_report.schema import validate


class NumpyBackend:
    """SDPA in float32 numpy (bf16: inputs rounded to bfloat16, truncating); `wrong` breaks the scale."""

    def __init__(self, threads=1, wrong=False):
        self.version, self.wrong = "numpy stand-in", wrong

    def tensor(self, values, dtype):
        a = np.asarray(values, dtype=np.float32)
        if dtype == "bf16":
            a = (a.view(np.uint32) & 0xFFFF0000).view(np.float32)
        return a

    def numpy(self, t):
        return np.asarray(t, dtype=np.float64)

    def sdpa(self, q, k, v, causal, scale):
        s = np.einsum("bhid,bhjd->bhij", q, k) * np.float32(scale * (2 if self.wrong else 1))
        if causal:
            n = s.shape[-1]
            s = np.where(np.tri(n, dtype=bool), s, -np.inf)
        p = np.exp(s - s.max(axis=-1, keepdims=True))
        return (p / p.sum(axis=-1, keepdims=True)) @ v


def attention_doc(problems):
    runs = []
    for repro in problems:
        dims = {k: int(v) for k, v in (kv.split("=") for kv in repro.split(",")) if k in ("heads", "n", "kv", "d")}
        opts = {k: v for k, v in (kv.split("=") for kv in repro.split(",")) if k not in dims}
        r = builders.simple_run("attention", "flash__avx512f", "avx512f", dims, 1e-3)
        r["problem"] = {"repro": repro, "dims": dims, "options": {"dtype": "f32", **opts}}
        runs.append(r)
    return builders.results_doc("skx", runs, suite="attention_goals", reps=3)


PROBLEMS = ["heads=2,n=40,d=16,lse=false", "heads=2,n=40,d=16,causal=true,lse=false", "heads=1,n=8,d=4",
            "heads=1,n=9,kv=5,d=4,causal=true,lse=false", "heads=1,n=9,d=4,kind=sigmoid,lse=false",
            "heads=1,n=33,d=8,lse=false,dtype=bf16"]


def test_serves_softmax_forward_without_lse_and_says_why_not_otherwise():
    out = torch_peer.sdpa_doc(attention_doc(PROBLEMS), backend_factory=NumpyBackend)
    validate(out, "torch peer")
    status = {r["problem"]["repro"]: r["status"] for r in out["runs"]}
    assert status["heads=2,n=40,d=16,lse=false"] == "ok"
    assert status["heads=2,n=40,d=16,causal=true,lse=false"] == "ok"
    assert status["heads=1,n=33,d=8,lse=false,dtype=bf16"] == "ok"
    assert "lse=false" in status["heads=1,n=8,d=4"]
    assert "top left" in status["heads=1,n=9,kv=5,d=4,causal=true,lse=false"]
    assert "softmax attention, forward" in status["heads=1,n=9,d=4,kind=sigmoid,lse=false"]
    ok = [r for r in out["runs"] if r["status"] == "ok"]
    assert all(r["variant"] == "torch_sdpa__auto" and r["provider"] == "torch" and r["paper"] == "peer" for r in ok)
    assert all(r["time"]["repetitions"] == 3 and r["correctness"]["passed"] for r in ok)
    assert out["suite"]["name"] == "attention_goals+torch" and out["context"]["libraries"]["torch"] == "numpy stand-in"


def test_a_wrong_result_fails_its_check_and_is_not_timed():
    out = torch_peer.sdpa_doc(attention_doc(PROBLEMS[:1]), backend_factory=lambda t: NumpyBackend(t, wrong=True))
    r = out["runs"][0]
    assert r["status"].startswith("failed: correctness") and r["time"] is None


def test_without_torch_every_run_is_skipped_with_the_reason():
    def missing(threads):
        raise ImportError("No module named 'torch'")
    out = torch_peer.sdpa_doc(attention_doc(PROBLEMS), backend_factory=missing)
    validate(out, "torch peer")
    assert {r["status"] for r in out["runs"]} == {"skipped: PyTorch not importable (ImportError: No module named 'torch')"}


def test_time_calls_takes_one_sample_per_repetition_of_at_least_min_time():
    ticks = iter(np.arange(0, 100, 0.01))
    samples = torch_peer.time_calls(lambda: None, 4, 0.05, clock=lambda: next(ticks))
    assert len(samples) == 4 and all(s == pytest.approx(0.01) for s in samples)


def test_cli_writes_next_to_the_results_and_refuses_bad_input(tmp_path):
    path = builders.write(tmp_path / "r.json", attention_doc(PROBLEMS[:2]))
    r = run_script("torch_sdpa.py", path)
    assert r.returncode == 0, r.stderr
    out = json.loads((tmp_path / "r-torch_sdpa.json").read_text())
    assert len(out["runs"]) == 2     # timed where torch is importable, else both skipped with the reason
    bad = run_script("torch_sdpa.py", tmp_path / "nope.json")
    assert bad.returncode == 2 and "nope.json" in bad.stderr
    softmax_only = builders.write(tmp_path / "s.json", builders.results_doc("skx", builders.softmax_runs("skx", sizes=(1000,))))
    r = run_script("torch_sdpa.py", softmax_only)
    assert r.returncode == 2 and "no attention runs" in r.stderr and not (tmp_path / "s-torch_sdpa.json").exists()
