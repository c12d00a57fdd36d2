"""hotops-bench never loses a result: unique names, both files of a run or neither, no temporary
file left by a full disk or a signal."""
import datetime
import json
import os
import resource
import signal
import subprocess
import time

import pytest

from benchrun import BENCH, files_under, run_bench, tiny_suite

pytestmark = pytest.mark.skipif(not BENCH.exists(), reason="hotops-bench not built (scripts/test.sh builds it first)")


def stamp(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def test_a_run_in_the_same_second_as_another_keeps_both(tmp_path):
    suite = tiny_suite(tmp_path)
    out = tmp_path / "out" / "m"
    out.mkdir(parents=True)
    # Results of "earlier runs" under every name this run could pick in the next two minutes.
    now = time.time()
    sentinels = {out / f"{stamp(now + s)}-tiny.json": f"earlier run {s}" for s in range(-2, 120)}
    for path, text in sentinels.items():
        path.write_text(text)
    r = run_bench("run", suite, "--out", tmp_path / "out", "--machine", "m", "--counters", "none")
    assert r.returncode == 0, r.stderr
    for path, text in sentinels.items():
        assert path.read_text() == text
    gbench, result = sorted(p for p in out.iterdir() if p not in sentinels)   # exactly one new pair
    assert result.name.endswith("-tiny-2.json") and gbench.name == result.name.replace(".json", ".gbench.json")
    assert json.loads(result.read_text())["suite"]["name"] == "tiny"


def test_a_disk_that_fills_up_leaves_no_half_pair(tmp_path):
    suite = tiny_suite(tmp_path, repetitions=60)
    r = run_bench("run", suite, "--out", tmp_path / "free", "--machine", "m", "--counters", "none")
    assert r.returncode == 0, r.stderr
    sizes = {p.name.split(".", 1)[1]: p.stat().st_size for p in files_under(tmp_path / "free")}
    assert sizes["gbench.json"] > sizes["json"], sizes   # so a limit between them fills the disk between the two
    limit = (sizes["json"] + sizes["gbench.json"]) // 2

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    out = tmp_path / "full"
    r = run_bench("run", suite, "--out", out, "--machine", "m", "--counters", "none", preexec_fn=small_disk)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "hotops-bench: error: cannot write" in r.stderr and ".gbench.json" in r.stderr
    assert files_under(out) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_an_interrupted_run_leaves_no_temporary_file(tmp_path, sig):
    suite = tiny_suite(tmp_path, repetitions=1000, min_time=0.01)   # ~10 s of timing
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "out"
    p = subprocess.Popen([str(BENCH), "run", str(suite), "--out", str(out), "--machine", "m", "--counters", "none"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         env={**os.environ, "TMPDIR": str(tmpdir)},
                         # a shell's background job inherits SIGINT ignored: interrupt it as a terminal would
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for line in p.stdout:          # wait until Google Benchmark is timing
            if "against the fp64 reference" in line:
                break
        time.sleep(1.0)
        assert p.poll() is None, "the run ended before it could be interrupted"
        p.send_signal(sig)
        p.wait(timeout=60)
    finally:
        p.kill()
        p.stdout.close()
    assert files_under(tmpdir) == []
    assert files_under(out) == []


def test_first_contact_measures_only_the_ceilings_the_run_needs_then_reuses_them(tmp_path):
    suite = tiny_suite(tmp_path)
    out = tmp_path / "out"
    args = ("run", suite, "--out", out, "--machine", "m", "--counters", "none", "--measure-ceilings")
    first = run_bench(*args, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "hotops: measuring the " in first.stdout
    ceilings = json.loads((out / "m" / "ceilings.json").read_text())
    assert ceilings["mode"] == "subset"
    assert {e["threads"] for e in ceilings["compute"] + ceilings["bandwidth"]} == {1}
    assert [(e["level"], e["kernel"]) for e in ceilings["bandwidth"]] == [("L1", "copy")]
    second = run_bench(*args, timeout=600)
    assert second.returncode == 0, second.stderr
    assert "measuring" not in second.stdout
    results = [p for p in files_under(out / "m") if p.name.endswith("-tiny.json") or p.name.endswith("-tiny-2.json")]
    for p in results:
        run = json.loads(p.read_text())["runs"][0]
        assert run["derived"]["bound"] is not None, run["derived"]
