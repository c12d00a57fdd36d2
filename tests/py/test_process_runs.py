"""What hotops-bench writes for the verdicts: the load probe, the bandwidth drift check and
independent process runs merged into one file (issue 10); hotops-ceilings refusing a busy machine."""
import contextlib
import json
import threading
import os
import signal
import subprocess
import time

import pytest

from benchrun import BENCH, CEILINGS, files_under, run, run_bench, tiny_suite
from conftest import run_script
from hotops_report.loader import load_file
from hotops_report.schema import validate


def results_of(out):
    files = files_under(out)
    main = [p for p in files if p.name.endswith(".json") and not p.name.endswith(".gbench.json")]
    gbench = [p for p in files if p.name.endswith(".gbench.json")]
    return files, main, gbench


@contextlib.contextmanager
def busy_proc(root, loadavg):
    """A /proc on 2 CPUs whose other processes keep one core busy (a thread advances the busy
    jiffies while the tool watches its window), with load average `loadavg`; yields its path."""
    (root / "self").mkdir(parents=True)
    (root / "loadavg").write_text(f"{loadavg} 0.5 0.5 1/100 999\n")
    (root / "self" / "stat").write_text("1 (x) R 1 1 1 1 1 1 1 1 1 1 5 5 0 0 20\n")
    stop = threading.Event()

    def tick():
        busy, idle = 100, 1000
        while not stop.is_set():
            busy, idle = busy + 2, idle + 2  # per 20 ms on 2 CPUs: one core's worth used by others
            tmp = root / "stat.tmp"
            tmp.write_text(f"cpu  {busy} 0 100 {idle} 0 0 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\n"
                           "cpu1 1 0 0 1 0 0 0 0 0 0\n")
            tmp.replace(root / "stat")  # whole or not at all: the tool may read it any time
            time.sleep(0.02)

    tick_thread = threading.Thread(target=tick, daemon=True)
    tick_thread.start()
    try:
        yield root
    finally:
        stop.set()
        tick_thread.join()


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("single")
    r = run_bench("run", tiny_suite(tmp), "--out", tmp / "out", "--machine", "m", "--counters", "none")
    assert r.returncode == 0, r.stderr
    _, main, gbench = results_of(tmp / "out")
    assert len(main) == 1 and len(gbench) == 1
    return json.loads(main[0].read_text())


def test_a_run_records_the_load_probe(single):
    validate(single, "single")
    probe = single["context"]["load"]
    assert isinstance(probe["busy"], bool) and probe["cpus"] >= 1 and probe["detail"]
    assert probe["before"] >= 0 and probe["after"] >= 0
    assert single["suite"]["process_runs"] == 1


def test_a_run_records_dram_copy_bandwidth_at_its_start_and_end(single):
    drift = single["drift"]
    assert drift["level"] == "DRAM" and drift["kernel"] == "copy" and drift["threads"] == 1
    assert drift["start_gbps"] > 0 and drift["end_gbps"] > 0


def test_a_busy_machine_is_recorded_not_refused_by_the_suite(tmp_path):
    with busy_proc(tmp_path / "proc", 7.5) as proc:
        env = {**os.environ, "HOTOPS_PROC_ROOT": str(proc)}
        r = run_bench("run", tiny_suite(tmp_path), "--out", tmp_path / "out", "--machine", "m", "--counters", "none",
                      env=env)
    assert r.returncode == 0, r.stderr
    _, main, _ = results_of(tmp_path / "out")
    probe = json.loads(main[0].read_text())["context"]["load"]
    assert probe["busy"] is True and probe["before"] == 7.5
    assert "other processes used" in probe["detail"] and "load average 7.50 on 2 CPUs" in probe["detail"]


def two_jobs(tmp):
    suite = tmp / "two.yaml"
    suite.write_text("name: two\nrepetitions: 3\nmin_time: 0.001\nthreads: 1\nprocess_runs: 2\nentries:\n"
                     "  - {family: softmax, variants: [two_pass__scalar, three_pass_reload__scalar], "
                     "problems: ['rows=1,n=100'], cache: [in]}\n")
    return suite


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("three")
    suite = two_jobs(tmp)
    tmpdir = tmp / "tmp"
    tmpdir.mkdir()
    r = run_bench("run", suite, "--out", tmp / "out", "--machine", "m", "--counters", "none", "--process-runs", "3",
                  env={**os.environ, "TMPDIR": str(tmpdir)})
    assert r.returncode == 0, r.stderr
    assert files_under(tmpdir) == [] and list(tmpdir.iterdir()) == []  # the children's files are gone
    # Only the merged file is named as the results (tools such as fleet.py read that line).
    named = [ln for ln in r.stdout.splitlines() if ln.startswith("hotops: results ")]
    assert len(named) == 1 and str(tmp / "out") in named[0], r.stdout
    assert "hotops: process run 3 of 3 measured" in r.stdout, r.stdout
    return tmp, r


def test_process_runs_merge_into_one_file_whose_samples_split_exactly(three):
    tmp, r = three
    files, main, gbench = results_of(tmp / "out")
    assert len(files) == 2 and len(main) == 1 and len(gbench) == 1
    doc = json.loads(main[0].read_text())
    validate(doc, "merged")
    load_file(main[0])  # the loader checks process_samples against samples
    assert doc["suite"]["process_runs"] == 3          # the command line wins over the suite's 2
    seeds = doc["suite"]["process_seeds"]
    assert len(seeds) == 3 and len(set(seeds)) == 3 and seeds[0] == doc["suite"]["seed"]
    assert [r.strip() for r in r.stdout.splitlines() if "process run" in r] == \
        [line for k, s in zip((1, 2, 3), seeds)
         for line in (f"hotops: process run {k} of 3 (seed {s})", f"hotops: process run {k} of 3 measured")]
    assert len(doc["runs"]) == 2
    for run_ in doc["runs"]:
        t = run_["time"]
        assert run_["status"] == "ok"
        assert [len(g) for g in t["process_samples"]] == [3, 3, 3]
        assert [x for g in t["process_samples"] for x in g] == t["samples"]
        assert t["repetitions"] == 9
        s = sorted(t["samples"])
        assert t["min"] == s[0] and t["p20"] <= t["median"] <= t["p80"]
        assert t["median"] == pytest.approx(s[4])
        assert run_["derived"]["gbps"] == pytest.approx(run_["work"]["bytes"] / t["median"] / 1e9)
    assert len(doc["drift"]) == 3 and all(d["start_gbps"] > 0 and d["end_gbps"] > 0 for d in doc["drift"])
    assert isinstance(doc["context"]["load"]["busy"], bool)
    assert doc["context"]["load"]["detail"].startswith("process run 1")
    assert doc["suite"]["checked_by_process_run"] == 1
    assert all(run_["correctness"]["passed"] for run_ in doc["runs"])
    bench = json.loads(gbench[0].read_text())
    assert len(bench["benchmarks"]) == 2 * 3 * 3   # every run's every round


def test_only_the_first_process_run_checks_and_the_others_adopt_its_verdicts(three):
    _, r = three
    runs = r.stdout.split("hotops: process run ")[1:]
    firsts = [chunk for chunk in runs if chunk.startswith("1 of 3 (seed")]
    laters = [chunk for chunk in runs if chunk.startswith(("2 of 3 (seed", "3 of 3 (seed"))]
    assert len(firsts) == 1 and len(laters) == 2
    assert firsts[0].count("against the fp64 reference") == 1      # one problem, checked once
    for chunk in laters:
        assert "against the fp64 reference" not in chunk
        assert "verdicts of the first run's fp64 checks adopted: 2 of 2 jobs passed" in chunk


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """One process run of the two-job suite, as a later run would find it."""
    tmp = tmp_path_factory.mktemp("first")
    r = run_bench("run", two_jobs(tmp), "--out", tmp / "out", "--machine", "m", "--counters", "none",
                  "--process-runs", "1")
    assert r.returncode == 0, r.stderr
    _, main, _ = results_of(tmp / "out")
    return json.loads(main[0].read_text())


def later_run(tmp_path, checked_doc):
    """This program as a later process run is started, adopting `checked_doc`'s verdicts."""
    checked = tmp_path / "checked.json"
    checked.write_text(json.dumps(checked_doc))
    env = {**os.environ, "HOTOPS_PROCESS_RUN": "2 of 2", "HOTOPS_CHECKS_FROM": str(checked)}
    return run_bench("run", two_jobs(tmp_path), "--out", tmp_path / "out", "--machine", "m", "--counters", "none",
                     "--process-runs", "1", env=env)


def test_a_variant_the_first_run_failed_is_not_timed_by_the_later_runs(first_run, tmp_path):
    checked = json.loads(json.dumps(first_run))
    bad = checked["runs"][0]
    bad["status"] = "failed: correctness: error above tolerance"
    bad["correctness"]["passed"] = False
    r = later_run(tmp_path, checked)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "against the fp64 reference" not in r.stdout
    _, main, _ = results_of(tmp_path / "out")
    runs = json.loads(main[0].read_text())["runs"]
    assert runs[0]["status"].startswith("failed: correctness") and runs[0]["time"] is None
    assert runs[0]["correctness"]["passed"] is False
    assert len(runs) == 2 and runs[1]["status"] == "ok" and len(runs[1]["time"]["samples"]) == 3


def test_verdicts_of_other_jobs_are_refused_and_nothing_is_written(first_run, tmp_path):
    checked = json.loads(json.dumps(first_run))
    checked["runs"][0]["variant"] = "no_such_variant"
    r = later_run(tmp_path, checked)
    assert r.returncode == 2
    assert "the checked run" in r.stderr and "no_such_variant" in r.stderr, r.stderr
    assert files_under(tmp_path / "out") == []


def test_a_skip_is_the_same_in_every_run_and_names_no_run(tmp_path):
    suite = tmp_path / "skip.yaml"
    suite.write_text("name: skip\nrepetitions: 1\nmin_time: 0.001\nthreads: 1\nentries:\n"
                     "  - {family: softmax, variants: [two_pass__scalar], problems: ['rows=1,n=100'], cache: [in]}\n"
                     "  - {family: attention, variants: [linear__scalar], problems: ['heads=1,n=4,d=4'], cache: [in]}\n")
    r = run_bench("run", suite, "--out", tmp_path / "out", "--machine", "m", "--counters", "none",
                  "--process-runs", "2")
    assert r.returncode == 0, r.stderr
    _, main, _ = results_of(tmp_path / "out")
    runs = json.loads(main[0].read_text())["runs"]
    assert runs[0]["status"] == "ok"
    assert runs[1]["status"].startswith("skipped: kind=softmax") and "process run" not in runs[1]["status"]


def test_the_report_accepts_the_merged_file(three, tmp_path):
    tmp, _ = three
    res = run_script("report.py", tmp / "out" / "m", "--out", tmp_path / "report")
    assert res.returncode == 0, res.stderr
    md = (tmp_path / "report" / "report.md").read_text()
    assert "3 / interleaved" in md   # process runs / repetition order


def children_of(pid):
    try:
        return [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        return []


def start_three_runs(tmp_path):
    suite = tiny_suite(tmp_path, repetitions=300, min_time=0.01)   # ~3 s of timing per run
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "out"
    p = subprocess.Popen([str(BENCH), "run", str(suite), "--out", str(out), "--machine", "m", "--counters", "none",
                          "--process-runs", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "TMPDIR": str(tmpdir)},
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for line in p.stdout:
        if "process run 2 of 3" in line:
            break
    deadline = time.time() + 30
    while not children_of(p.pid) and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    kids = children_of(p.pid)
    assert kids and p.poll() is None, "the second run ended before it could be stopped"
    return p, kids[0], tmpdir, out


def test_a_failing_process_run_is_named_and_nothing_is_written(tmp_path):
    p, child, tmpdir, out = start_three_runs(tmp_path)
    try:
        os.kill(child, signal.SIGKILL)
        _, err = p.communicate(timeout=120)
    finally:
        p.kill()
    assert p.returncode == 2
    assert "hotops-bench: error: process run 2 of 3 (seed " in err and "killed by signal 9" in err, err
    assert "nothing written" in err
    assert files_under(out) == [] and files_under(tmpdir) == []
    assert list(tmpdir.iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_an_interrupted_process_run_leaves_nothing(tmp_path, sig):
    p, child, tmpdir, out = start_three_runs(tmp_path)
    try:
        p.send_signal(sig)      # to the parent only: it passes it on to the run
        p.communicate(timeout=120)
    finally:
        p.kill()
    assert p.returncode == -sig
    assert not os.path.exists(f"/proc/{child}/status") or "Z" in open(f"/proc/{child}/status").read()
    assert files_under(out) == [] and list(tmpdir.iterdir()) == []


def test_process_runs_is_validated(tmp_path):
    r = run_bench("run", tiny_suite(tmp_path), "--out", tmp_path / "out", "--process-runs", "0")
    assert r.returncode == 2 and "hotops-bench: error:" in r.stderr and "--process-runs" in r.stderr
    bad = tiny_suite(tmp_path, name="bad", extra="process_runs: 0\n")
    r = run_bench("run", bad, "--out", tmp_path / "out")
    assert r.returncode == 2 and "process_runs" in r.stderr
    assert files_under(tmp_path / "out") == []


def test_ceilings_refuse_a_busy_machine_and_write_nothing(tmp_path):
    target = tmp_path / "c" / "ceilings.json"
    with busy_proc(tmp_path / "proc", 9.0) as proc:
        env = {**os.environ, "HOTOPS_PROC_ROOT": str(proc)}
        r = run(CEILINGS, "--out", target, "--quick", "--no-likwid", env=env, timeout=60)
    assert r.returncode == 2
    assert "hotops-ceilings: error: the machine is busy" in r.stderr and "other processes used" in r.stderr
    assert "--allow-busy" in r.stderr
    assert not (tmp_path / "c").exists()
