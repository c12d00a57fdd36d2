"""scripts/fleet.py against a real Slurm: a throwaway cluster on this machine (tests/slurm/cluster.sh:
munged, slurmctld, slurmd for nodes n1 and n2 on localhost), the tiny suite tests/slurm/fleet_tiny.yaml,
the worktree's build. One run in steps, in file order: submit and kill one task mid-run, read the report;
rerun (only the killed target goes back) and fail its node mid-run; rerun again, all results; a changed
source is refused.

Needs root and Debian's slurmctld, slurmd, slurm-client and munge (`scripts/setup.sh --ci`);
run with `tests/slurm/run.sh` (what .ci/run does)."""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLEET = ROOT / "scripts" / "fleet.py"
SUITE = ROOT / "tests" / "slurm" / "fleet_tiny.yaml"


def free_port_block(n=4):
    for base in range(17000, 30000, 97):
        try:
            for p in range(base, base + n):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
            return base
        except OSError:
            continue
    raise RuntimeError("no free block of ports")


@pytest.fixture(scope="module")
def cluster():
    # A short path: munge's socket path must fit in 108 bytes.
    d = Path(tempfile.mkdtemp(prefix="hs.", dir="/tmp"))
    r = subprocess.run([str(ROOT / "tests" / "slurm" / "cluster.sh"), "start", str(d), str(free_port_block())],
                       capture_output=True, text=True)
    env = dict(os.environ, SLURM_CONF=str(d / "slurm.conf"))
    try:
        assert r.returncode == 0, f"cluster did not start: {r.stderr}\n" + "".join(
            f"--- {p.name}\n{p.read_text()[-2000:]}" for p in d.glob("*.log"))
        yield {"dir": d, "env": env, "results": d / "results"}
    finally:
        subprocess.run([str(ROOT / "tests" / "slurm" / "cluster.sh"), "stop", str(d)])
        shutil.rmtree(d, ignore_errors=True)


def fleet(c, *args, timeout=600):
    return subprocess.run([sys.executable, str(FLEET), *map(str, args)], env=c["env"], capture_output=True, text=True,
                          timeout=timeout)


def submit(c):
    return fleet(c, "submit", SUITE, "--nodelist", "n[1-2]", "--partition", "test", "--time", "0:10:00",
                 "--results", c["results"], "--ceilings", "quick", "--counters", "none")


def jobs_of(r):
    m = re.search(r"submitted array job (\d+) .* and report job (\d+)", r.stdout)
    assert m, r.stdout + r.stderr
    return m.group(1), m.group(2)


def slurm_state(c, job):
    r = subprocess.run(["squeue", "-h", "-r", "--states=all", "-j", job, "-o", "%T"], env=c["env"],
                       capture_output=True, text=True)
    return r.stdout.split()


def wait_until(what, fn, timeout=300):
    end = time.time() + timeout
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def wait_done(c, job):
    done = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL"}
    return wait_until(f"job {job}", lambda: (s := slurm_state(c, job)) and set(s) <= done and s)


def run_dir(c):
    return c["results"] / "fleet" / "fleet_tiny"


def task_record(c, key):
    p = run_dir(c) / "tasks" / f"{key}.json"
    return json.loads(p.read_text()) if p.is_file() else {}


def result_files(c, machine):
    d = c["results"] / machine
    return sorted(p for p in d.glob("*.json") if not p.name.endswith(".gbench.json") and p.name != "ceilings.json")


def report_md(c):
    return (run_dir(c) / "report" / "report.md").read_text()


def test_dry_run_prints_the_array_and_submits_nothing(cluster):
    r = fleet(cluster, "submit", SUITE, "--nodelist", "n[1-2]", "--partition", "test", "--results",
              cluster["results"], "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "#SBATCH --array=0-1" in r.stdout and "#SBATCH --exclusive" in r.stdout
    assert "ReqNodeList=n1" in r.stdout and "ReqNodeList=n2" in r.stdout   # Slurm expanded n[1-2]
    assert not cluster["results"].exists()


def test_killing_one_task_leaves_the_others_results_and_a_report_naming_it(cluster):
    r = submit(cluster)
    assert r.returncode == 0, r.stdout + r.stderr
    array, report_job = jobs_of(r)
    # Kill n2's task while it runs the suite (after its ceilings: they stay for the rerun).
    wait_until("n2 running the suite", lambda: task_record(cluster, "node-n2").get("phase", "").startswith("run"))
    subprocess.run(["scancel", f"{array}_1"], env=cluster["env"], check=True)
    assert wait_done(cluster, report_job) == ["FAILED"]      # the report job exits 1: a target has no result
    assert sorted(wait_done(cluster, array)) == ["CANCELLED", "COMPLETED"]

    assert len(result_files(cluster, "n1")) == 1 and result_files(cluster, "n2") == []
    assert (cluster["results"] / "n2" / "ceilings.json").is_file()
    rec = task_record(cluster, "node-n2")
    assert rec["state"] == "cancelled" and "during run" in rec["detail"]
    md = report_md(cluster)
    assert re.search(rf"\| node-n1 \| {array}_0 \| n1 \| n1 \| ok \|", md)
    assert re.search(rf"\| node-n2 \| {array}_1 \| n2 \| n2 \| cancelled \| stopped by SIGTERM during run", md)
    assert "Without results: node-n2 (cancelled)" in md
    assert "| field | n1 |" in md and "Family: softmax" in md     # n1's results are rendered
    log = (run_dir(cluster) / "logs" / f"report-{report_job}.out").read_text()
    assert "1 of 2 target(s) without results" in log


def test_a_failed_node_is_named_and_only_it_is_resubmitted(cluster):
    n1_result = result_files(cluster, "n1")
    r = submit(cluster)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "node-n1: ok" in r.stdout and "node-n2: cancelled" in r.stdout
    array, report_job = jobs_of(r)
    assert f"({array}_0: node-n2)" in r.stdout           # one task: n2 only
    wait_until("n2 running the suite", lambda: task_record(cluster, "node-n2").get("job") == f"{array}_0"
               and task_record(cluster, "node-n2").get("phase", "").startswith("run"))
    scontrol = ["scontrol", "update", "NodeName=n2"]
    subprocess.run(scontrol + ["State=DOWN", "Reason=hotops-test"], env=cluster["env"], check=True)
    try:
        assert wait_done(cluster, report_job) == ["FAILED"]
    finally:
        subprocess.run(scontrol + ["State=RESUME"], env=cluster["env"], capture_output=True)
    assert slurm_state(cluster, f"{array}_0") == ["NODE_FAIL"]
    assert result_files(cluster, "n1") == n1_result and result_files(cluster, "n2") == []
    md = report_md(cluster)
    assert re.search(rf"\| node-n2 \| {array}_0 \| n2 \| n2 \| node failed \| [^|]*during run", md)
    assert "| node-n1 |" in md and "| field | n1 |" in md          # n1's result still rendered
    wait_until("n2 back", lambda: "idle" in subprocess.run(["sinfo", "-h", "-n", "n2", "-o", "%T"], env=cluster["env"],
                                                            capture_output=True, text=True).stdout)


def test_rerun_resubmits_only_what_is_missing(cluster):
    n1_result = result_files(cluster, "n1")
    n1_ceilings = (cluster["results"] / "n1" / "ceilings.json").stat().st_mtime_ns
    r = submit(cluster)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "node-n1: ok" in r.stdout and "node-n2: node failed" in r.stdout
    array, report_job = jobs_of(r)
    assert f"({array}_0: node-n2)" in r.stdout          # one task: n2 only
    assert wait_done(cluster, report_job) == ["COMPLETED"]
    assert result_files(cluster, "n1") == n1_result and len(result_files(cluster, "n2")) == 1
    assert (cluster["results"] / "n1" / "ceilings.json").stat().st_mtime_ns == n1_ceilings
    md = report_md(cluster)
    assert re.search(rf"\| node-n2 \| {array}_0 \| n2 \| n2 \| ok \|", md)
    assert "| field | n1 | n2 |" in md and "MISMATCH" not in md   # both machines side by side
    again = submit(cluster)
    assert again.returncode == 0 and "nothing to submit" in again.stdout


def test_a_changed_source_is_refused(cluster):
    manifest = run_dir(cluster) / "fleet.json"
    doc = json.loads(manifest.read_text())
    doc["source_id"]["commit"] = "0" * 40                  # as if HEAD had moved since the first submit
    manifest.write_text(json.dumps(doc))
    r = submit(cluster)
    assert r.returncode == 2 and "refusing to mix commits" in r.stderr
    assert "submitted" not in r.stdout
