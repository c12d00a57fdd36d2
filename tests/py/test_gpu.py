"""The GPU side without a GPU: the PyTorch bridge's writer (torch-free --fake mode and the skip path), device
ceilings in the report, a GPU machine's results rendered beside a CPU machine's, hotops-ceilings --gpu and
scripts/gpu_run.sh failing cleanly where there is no device."""
import functools
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import builders
from conftest import ROOT, SCRIPTS, run_script
from hotops_peers.stats import time_summary
from hotops_peers.writer import write_atomically
from hotops_report import ceilings as ceil
from hotops_report.loader import load_file
from hotops_report.tables import gpu_text

BENCH = ROOT / "build" / "hotops-bench"
CEILINGS = ROOT / "build" / "measure" / "hotops-ceilings"
needs_bench = pytest.mark.skipif(not BENCH.exists(), reason="hotops-bench not built (scripts/test.sh builds it first)")


def _has_cuda():
    try:
        out = subprocess.run([str(BENCH), "list", "softmax"], capture_output=True, text=True, timeout=60).stdout
    except OSError:
        return False
    return "__cuda" in out and "no CUDA device" not in out


def test_time_summary_matches_the_drivers_quantiles():
    t = time_summary([5.0, 1.0, 4.0, 2.0, 3.0, 10.0])
    assert (t["median"], t["p20"], t["p80"]) == (3.5, 2.0, 5.0)   # linear interpolation, as measure/stats.cpp
    assert t["samples"] == [5.0, 1.0, 4.0, 2.0, 3.0, 10.0] and t["repetitions"] == 6 and t["min"] == 1.0


def test_results_are_written_whole_or_not_at_all(tmp_path):
    p = write_atomically(tmp_path / "m" / "r.json", {"a": 1})
    assert json.loads(p.read_text()) == {"a": 1} and [q.name for q in p.parent.iterdir()] == ["r.json"]
    with pytest.raises(ValueError):
        write_atomically(tmp_path / "m" / "bad.json", {"a": float("nan")})
    assert [q.name for q in p.parent.iterdir()] == ["r.json"]


@needs_bench
def test_fake_peers_make_a_valid_results_file_with_the_drivers_work_model(tmp_path):
    r = run_script("torch_peer.py", "--bench", BENCH, "--out", tmp_path, "--machine", "gpubox", "--fake")
    assert r.returncode == 0, r.stderr
    path = Path(r.stdout.split("torch_peer: results ")[1].split()[0])
    rf = load_file(path)   # schema-valid and semantically checked
    runs = rf.runs
    assert runs and all(x.device == "cuda" and x.is_peer and x.raw["provider"] == "pytorch" for x in runs)
    softmax = [x for x in runs if x.family == "softmax"]
    assert {x.cache for x in softmax} == {"in", "out"}
    big = max(softmax, key=lambda x: x.dims["rows"] * x.dims["n"])
    assert big.work["bytes"] == 8 * big.dims["rows"] * big.dims["n"]   # hotops' model, from `hotops-bench describe`
    assert big.derived["gbps"] == pytest.approx(big.work["bytes"] / big.median / 1e9)
    assert rf.doc["suite"]["name"] == "gpu_torch_fake" and "fake" in rf.doc["context"]["libraries"]["pytorch"]
    assert rf.doc["peers_not_described"] == []  # every peer's problem has a family in this build
    assert {"softmax", "layernorm", "rmsnorm", "attention"} <= {x.family for x in runs}
    raw = path.with_name(path.name.replace(".json", ".raw.jsonl"))
    assert sum(1 for _ in raw.open()) == len(runs) + len(rf.doc["peers_not_described"])


@needs_bench
def test_without_torch_every_peer_is_skipped_with_the_reason(tmp_path):
    pytest.importorskip("yaml")
    try:
        import torch  # noqa: F401
        if torch.cuda.is_available():
            pytest.skip("torch with CUDA is here")
    except ImportError:
        pass
    r = run_script("torch_peer.py", "--bench", BENCH, "--out", tmp_path, "--machine", "cpubox")
    assert r.returncode == 0, r.stderr
    rf = load_file(Path(r.stdout.split("torch_peer: results ")[1].split()[0]))
    assert rf.runs and all(x.status.startswith("skipped: no ") for x in rf.runs)


def test_a_suite_without_peers_is_refused(tmp_path):
    suite = tmp_path / "s.yaml"
    suite.write_text("name: s\nentries: []\n")
    r = run_script("torch_peer.py", "--bench", "/nonexistent", "--suite", suite, "--out", tmp_path)
    assert r.returncode != 0 and "no `peers:` list" in r.stderr + r.stdout


def test_device_roofs_are_kept_apart_from_the_cpus():
    c = builders.ceilings("skx")
    c["compute"] += builders.gpu_ceilings()["compute"]
    c["bandwidth"] += builders.gpu_ceilings()["bandwidth"]
    cpu_levels = {r.name for r in ceil.bandwidth_roofs(c, 1)}
    gpu_levels = {r.name for r in ceil.bandwidth_roofs(c, 1, "cuda")}
    assert cpu_levels == {"L1", "L2", "L3", "DRAM"} and gpu_levels == {"device L2", "device HBM"}
    assert {r.name for r in ceil.compute_roofs(c, 1, "cuda")} == {"fp32 cuda fma", "bf16 cublas gemm"}
    assert all(r.device == "cpu" for r in ceil.compute_roofs(c, 1))


def test_gpu_context_names_the_device_and_its_clocks_before_and_after():
    text = gpu_text(builders.gpu_context()["gpu"])
    assert "NVIDIA H200 (132 SMs, L2 60 MiB" in text
    assert "before: SM 345 MHz" in text and "clock limits: gpu_idle" in text and "after: SM 1980 MHz" in text
    assert gpu_text(None) == "none"


def test_report_renders_a_gpu_machine_beside_a_cpu_machine(tmp_path, two_machines):
    gpu = builders.write_gpu_machine(tmp_path / "results")
    out = tmp_path / "report"
    r = run_script("report.py", two_machines["skx"], gpu, "--out", out)
    assert r.returncode == 0, r.stderr
    html = (out / "index.html").read_text()
    md = (out / "report.md").read_text()
    assert "softmax_roofline.svg" in html
    assert "torch__cuda" in md and "(cuda)" in md       # peers compared on their device
    assert "memory:device HBM copy" in md               # % of the device's ceiling
    assert "device HBM" in md and "bf16 cublas gemm" in md   # the device's ceilings table rows
    assert "NVIDIA H200" in md and "skx" in md
    peers = md[md.index("Peers: best hotops"):]
    row = next(line for line in peers.splitlines() if "rows=8192,n=8192" in line and "(cuda)" in line)
    assert "two_pass_block__cuda" in row or "online_warp__cuda" in row   # best own device variant, not a CPU one


def test_roofline_has_a_panel_per_machine_and_device(tmp_path, monkeypatch, two_machines):
    from hotops_report.figures import roofline
    from hotops_report.loader import latest_runs
    seen = {}
    monkeypatch.setattr(roofline, "save", lambda fig, outdir, stem, title, caption: seen.update(
        titles=[ax.get_title() for ax in fig.axes if ax.get_title()], lines=sum(len(ax.lines) for ax in fig.axes)))
    files = [load_file(two_machines["skx"]), load_file(builders.write_gpu_machine(tmp_path))]
    runs, _ = latest_runs(files)
    by_machine = {m: [r for r in runs if r.machine == m] for m in ("skx", "h200")}
    roofline.roofline_figure(tmp_path, "t", "t", by_machine, {"skx": files[0].doc["ceilings"],
                                                              "h200": files[1].doc["ceilings"]})
    assert seen["titles"] == ["h200 (cuda)", "skx"]
    assert seen["lines"] > 0


@pytest.mark.skipif(not CEILINGS.exists(), reason="hotops-ceilings not built")
def test_gpu_ceilings_without_a_device_exit_1_and_write_nothing(tmp_path):
    if _has_cuda():
        pytest.skip("a CUDA device is here")
    out = tmp_path / "c.json"
    r = subprocess.run([str(CEILINGS), "--gpu", "--out", str(out)], capture_output=True, text=True, timeout=120)
    why = "no CUDA device" if _built_with_cuda() else "this build has no CUDA"  # a build where nvcc was absent
    assert r.returncode == 1 and why in r.stderr, r.stderr
    assert not out.exists()


@functools.lru_cache(maxsize=None)
def _built_with_cuda():
    """Whether this build has the CUDA variants (nvcc was found when it was configured)."""
    r = subprocess.run([str(BENCH), "list", "softmax"], capture_output=True, text=True, timeout=60)
    return "__cuda" in r.stdout


def _gpu_run(*args):
    env = dict(os.environ, HOTOPS_BUNDLE=str(BENCH.parent), HOTOPS_PYTHON=sys.executable, HOTOPS_CPU_RESULTS="")
    return subprocess.run(["bash", str(SCRIPTS / "gpu_run.sh"), *map(str, args)], capture_output=True, text=True,
                          timeout=300, env=env)


@needs_bench
def test_gpu_run_without_a_device_fails_cleanly_and_writes_nothing(tmp_path):
    if _has_cuda():
        pytest.skip("a CUDA device is here")
    r = _gpu_run(tmp_path / "out")
    assert r.returncode == 1, r.stdout + r.stderr
    if _built_with_cuda():
        assert "no CUDA device" in r.stderr and "nothing written" in r.stderr
    else:  # a build where nvcc was absent is refused before anything runs
        assert "built without CUDA variants" in r.stderr, r.stderr
    assert not (tmp_path / "out").exists()


def test_gpu_run_refuses_bad_usage(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    for args, why in (((), "Usage"), ((tmp_path / "full",), "not empty"), ((tmp_path / "o", "--deadline", "x"), "deadline"),
                      ((tmp_path / "o", "--machine", "a/b"), "--machine")):
        r = _gpu_run(*args)
        assert r.returncode == 2 and why in r.stderr, (args, r.stderr)


@needs_bench
def test_gpu_run_stages_run_to_the_end_without_a_device(tmp_path):
    """--without-device: the plumbing of every stage (timeouts, logs, summary, archive, report) on this machine."""
    if not _built_with_cuda():
        pytest.skip("this build has no CUDA variants (nvcc was absent when it was configured): gpu_run.sh refuses it")
    archive = tmp_path / "run.tar.gz"
    r = _gpu_run(tmp_path / "out", "--without-device", "--machine", "drybox", "--archive", archive, "--deadline", 240)
    assert r.returncode == 3, r.stdout + r.stderr     # the device stages fail with their reasons
    summary = (tmp_path / "out" / "SUMMARY.txt").read_text()
    stages = {line.split()[0]: line for line in summary.splitlines()[1:] if line.split()[0] in
              ("ceilings", "suite", "torch", "report")}
    assert set(stages) == {"ceilings", "suite", "torch", "report"}, summary
    assert "failed (exit 1)" in stages["ceilings"] and " ok " in stages["suite"] and " ok " in stages["report"]
    assert "no CUDA device" in (tmp_path / "out" / "logs" / "ceilings.log").read_text()
    assert (tmp_path / "out" / "report" / "index.html").exists()
    gpu = load_file(next((tmp_path / "out" / "results" / "drybox").glob("*-gpu.json")))
    assert gpu.runs and all(x.status == "skipped: no CUDA device" for x in gpu.runs)
    with tarfile.open(archive) as t:
        assert "out/SUMMARY.txt" in t.getnames()


def test_gpu_bundle_refuses_bad_usage():
    r = subprocess.run(["bash", str(SCRIPTS / "gpu_bundle.sh"), "--jobs", "zero"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and "--jobs needs a positive integer" in r.stderr


@pytest.mark.skipif(not (ROOT / "gpu-bundle" / "bin").is_dir(), reason="no gpu-bundle/ (scripts/gpu_bundle.sh builds it)")
def test_the_built_bundle_is_small_and_needs_nothing_the_gpu_machine_lacks():
    r = subprocess.run(["bash", str(SCRIPTS / "gpu_bundle.sh"), "--check-only"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "every library is in lib/ or is the C library's" in r.stdout
    manifest = json.loads((ROOT / "gpu-bundle" / "BUNDLE.json").read_text())
    assert manifest["bytes"] < 48 << 20 and "bin/hotops-bench" in manifest["files"]
