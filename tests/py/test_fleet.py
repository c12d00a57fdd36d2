"""scripts/fleet.py without a cluster: outcome of each target from the task's record and Slurm's
state, the batch scripts, the multi-machine report (failures named, other commits labelled),
and the refusals. tests/slurm/ runs the same code against a real Slurm."""
import json
import subprocess

import builders
import pytest
from conftest import ROOT, run_script

from hotops_fleet import slurm
from hotops_fleet.outcome import classify
from hotops_fleet.run import Run, Target, source_identity

N1, N2, FEAT = Target("node", "n1"), Target("node", "n2"), Target("feature", "zen4")


def state(s, exit_code="", node="n1", reason=""):
    return slurm.JobState(s, exit_code, node, reason)


def test_ok_needs_the_tasks_own_record_and_its_result_file(tmp_path):
    result = tmp_path / "r.json"
    result.write_text("{}")
    task = {"job": "7_0", "state": "ok", "result": str(result), "node": "n1", "machine": "n1"}
    assert classify(N1, "7_0", task, state("COMPLETED")).ok
    result.unlink()
    o = classify(N1, "7_0", task, state("COMPLETED"))
    assert o.status == "failed" and "is gone" in o.detail and o.missing


@pytest.mark.parametrize("slurm_state,word", [("TIMEOUT", "timed out"), ("CANCELLED", "cancelled"),
                                              ("NODE_FAIL", "node failed"), ("OUT_OF_MEMORY", "out of memory"),
                                              ("FAILED", "failed")])
def test_slurm_final_states_are_named_with_what_the_task_saw(slurm_state, word):
    task = {"job": "7_1", "state": "cancelled", "phase": "run quick",
            "detail": "stopped by SIGTERM during run quick (scancel, time limit or node shutdown)"}
    o = classify(N2, "7_1", task, state(slurm_state, "0:15", node="n2"))
    assert o.status == word and o.missing and not o.ok
    assert "during run quick" in o.detail and "exit code 0:15" in o.detail
    assert o.node == "n2"


def test_queued_or_running_jobs_are_not_missing():
    o = classify(FEAT, "7_2", None, state("PENDING", node="", reason="Resources"))
    assert o.status == "pending" and o.in_flight and not o.missing and o.detail == "Resources"
    assert not classify(FEAT, "7_2", {"job": "7_2", "state": "running"}, state("RUNNING")).missing


def test_a_record_from_an_older_submission_is_ignored(tmp_path):
    result = tmp_path / "old.json"
    result.write_text("{}")
    old = {"job": "5_0", "state": "ok", "result": str(result)}
    o = classify(N1, "9_0", old, state("PENDING"))
    assert o.status == "pending" and not o.ok


def test_without_slurm_state_the_task_record_decides():
    assert classify(N1, "7_0", {"job": "7_0", "state": "failed", "detail": "hotops-bench exited 2"},
                    None).status == "failed"
    lost = classify(N1, "7_0", {"job": "7_0", "state": "running", "phase": "ceilings"}, None)
    assert lost.status == "lost" and "never reported an end" in lost.detail and "ceilings" in lost.detail
    assert classify(N1, "7_0", None, None).status == "lost"
    assert classify(N1, None, None, None).status == "not submitted"


def test_completed_job_without_a_result_is_a_failure():
    o = classify(N1, "7_0", None, state("COMPLETED", "0:0"))
    assert o.status == "failed" and "without a result" in o.detail


def test_accounting_and_controller_output_parse():
    acct = slurm.parse_sacct("12_0|COMPLETED|0:0|n1\n12_1|CANCELLED by 0|0:15|n2\n12_2|TIMEOUT|0:0|n3\n")
    assert acct["12_1"].state == "CANCELLED" and acct["12_1"].exit_code == "0:15"
    assert acct["12_2"].state == "TIMEOUT" and acct["12_0"].node == "n1"
    q = slurm.parse_squeue("13_0|RUNNING|n1|None\n13_1|PENDING||Resources\n")
    assert q["13_0"].in_flight and q["13_0"].reason == "" and q["13_1"].reason == "Resources" and not acct["12_0"].in_flight


def test_array_script_one_exclusive_node_per_task_and_valid_bash(tmp_path):
    keys = ["node-n1", "feature-a_b"]
    text = slurm.array_script("hotops-x", 2, tmp_path / "logs dir", "/usr/bin/python3 fleet.py task RUN", keys,
                              [("partition", "gpu"), ("account", "proj 1"), ("time", None)], ["--qos=long"])
    for line in ("#SBATCH --array=0-1", "#SBATCH --nodes=1", "#SBATCH --ntasks-per-node=1", "#SBATCH --exclusive",
                 "#SBATCH --no-requeue", "#SBATCH --partition=gpu", "#SBATCH --account='proj 1'", "#SBATCH --qos=long",
                 "targets=(node-n1 feature-a_b)"):
        assert line in text.splitlines()
    assert "--time" not in text
    script = tmp_path / "a.sh"
    script.write_text(text)
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    assert slurm.task_placement(N1) == "ReqNodeList=n1" and slurm.task_placement(FEAT) == "Features=zen4"


def make_run(tmp_path, commit="531bc4e", targets=(N1, N2), submissions=None, suite="softmax", source=None):
    run = Run(tmp_path / "results" / "fleet" / suite)
    run.save({"fleet_version": 1, "run": suite, "suite": suite, "source": str(source or tmp_path),
              "build": str(tmp_path / "no-build"), "results": str(tmp_path / "results"), "counters": "none",
              "ceilings": "skip",
              "source_id": source_identity(source) if source else {"commit": commit, "dirty": False,
                                                                   "diff_sha256": None},
              "targets": [t.to_json() for t in targets],
              "submissions": submissions or [{"array_job": "7", "report_job": "8",
                                              "tasks": {str(i): t.key for i, t in enumerate(targets)}}]})
    return run


def ok_task(run, target, index, machine, commit=None):
    doc = builders.results_doc("ci-box", builders.softmax_runs("ci-box", sizes=(10**3, 10**5), reps=4))
    doc["context"]["machine"] = machine
    if commit:
        doc["context"]["git"]["commit"] = commit
    path = builders.write(run.dir.parent.parent / machine / "20250115T100000Z-softmax.json", doc)
    run.write_task(target.key, {"job": f"7_{index}", "state": "ok", "result": str(path), "node": machine,
                                "machine": machine})
    return path


def report_md(run):
    return (run.dir / "report" / "report.md").read_text()


def test_report_names_the_failed_node_and_renders_the_others(tmp_path):
    run = make_run(tmp_path)
    ok_task(run, N1, 0, "n1")
    run.write_task(N2.key, {"job": "7_1", "state": "cancelled", "node": "n2", "machine": "n2",
                            "detail": "stopped by SIGTERM during run softmax"})
    r = run_script("fleet.py", "report", run.dir)       # no Slurm here: the task records decide
    assert r.returncode == 1, r.stderr
    assert "1 of 2 target(s) without results" in r.stderr
    md = report_md(run)
    assert "| node-n1 | 7_0 | n1 | n1 | ok |" in md
    assert "| node-n2 | 7_1 | n2 | n2 | cancelled | stopped by SIGTERM during run softmax |" in md
    assert "Without results: node-n2 (cancelled)" in md
    assert "Family: softmax" in md and "| field | n1 |" in md      # n1's results rendered
    assert "MISMATCH" not in md


def test_report_labels_results_of_another_commit(tmp_path):
    run = make_run(tmp_path)
    ok_task(run, N1, 0, "n1")
    ok_task(run, N2, 1, "n2", commit="ffffffffffff0000")
    r = run_script("fleet.py", "report", run.dir)
    assert r.returncode == 0, r.stderr
    md = report_md(run)
    assert "WARNING: results of node-n2 come from a different source" in md
    assert "ffffffffffff — MISMATCH: the run is 531bc4e" in md
    assert "| field | n1 | n2 |" in md


def test_report_without_any_result_still_names_every_target(tmp_path):
    run = make_run(tmp_path)
    r = run_script("fleet.py", "report", run.dir)
    assert r.returncode == 1
    md = report_md(run)
    assert "No target produced results." in md and "| node-n1 | 7_0 |" in md and "| node-n2 | 7_1 |" in md


def test_unreadable_result_counts_as_a_failure(tmp_path):
    run = make_run(tmp_path, targets=(N1,))
    ok_task(run, N1, 0, "n1").write_text("{not json")
    r = run_script("fleet.py", "report", run.dir)
    assert r.returncode == 1
    assert "result unreadable" in report_md(run)


def test_task_refuses_a_source_that_changed_since_submission(tmp_path):
    run = make_run(tmp_path, commit="0" * 40)
    r = run_script("fleet.py", "task", run.dir, N1.key)
    assert r.returncode == 2
    rec = json.loads(run.task_path(N1.key).read_text())
    assert rec["state"] == "failed" and rec["detail"].startswith("refused: the source is now")
    assert not (tmp_path / "results" / "local").exists()


def test_task_without_the_shared_build_records_why(tmp_path):
    run = make_run(tmp_path, source=ROOT)
    r = run_script("fleet.py", "task", run.dir, N1.key)
    assert r.returncode == 1, r.stderr
    rec = json.loads(run.task_path(N1.key).read_text())
    assert rec["state"] == "failed" and rec["detail"].startswith("during run softmax: ")
    assert "no-build/hotops-bench" in rec["detail"]


def test_submit_refuses_to_mix_commits_in_one_run(tmp_path):
    run = make_run(tmp_path, commit="0" * 40, suite="quick")
    before = run.manifest_path.read_text()
    r = run_script("fleet.py", "submit", "softmax_paper", "--run", "quick", "--nodelist", "n1",
                   "--results", tmp_path / "results", "--dry-run")
    assert r.returncode == 2 and "not 'softmax_paper'" in r.stderr
    r = run_script("fleet.py", "submit", "quick", "--nodelist", "n1",
                   "--results", tmp_path / "results", "--dry-run")
    assert r.returncode == 2 and "refusing to mix commits" in r.stderr, r.stderr
    assert run.manifest_path.read_text() == before


def test_submit_usage_errors_write_nothing(tmp_path):
    r = run_script("fleet.py", "submit", "quick", "--results", tmp_path)
    assert r.returncode == 2 and "no targets" in r.stderr
    r = run_script("fleet.py", "submit", "nosuch", "--nodelist", "n1", "--results", tmp_path)
    assert r.returncode == 2 and "no suite 'nosuch'" in r.stderr and "quick" in r.stderr
    r = run_script("fleet.py", "submit", "quick", "--nodelist", "n1", "--run", "a b", "--results", tmp_path)
    assert r.returncode == 2 and "--run 'a b'" in r.stderr
    r = run_script("fleet.py", "report", tmp_path)
    assert r.returncode == 2 and "not a fleet run" in r.stderr
    blocker = tmp_path / "file"
    blocker.write_text("")
    r = run_script("fleet.py", "submit", "quick", "--nodelist", "n1", "--results", blocker / "results")
    assert r.returncode == 2 and "fleet.py: error: " in r.stderr and "Traceback" not in r.stderr
    blocker.unlink()
    assert list(tmp_path.iterdir()) == []


def test_dry_run_prints_both_scripts_and_submits_nothing(tmp_path):
    r = run_script("fleet.py", "submit", "quick", "--nodelist", "a1,a2", "--constraint", "zen3",
                   "--partition", "p", "--time", "0:20:00", "--results", tmp_path, "--dry-run")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "#SBATCH --array=0-2" in out and "#SBATCH --exclusive" in out and "#SBATCH --time=0:20:00" in out
    assert "scontrol update JobId=<array>_0 ReqNodeList=a1" in out
    assert "scontrol update JobId=<array>_2 Features=zen3" in out
    assert "--dependency=afterany:<array>" in out and "fleet.py report" in out
    assert list(tmp_path.iterdir()) == []
    r = run_script("fleet.py", "submit", "quick", "--nodelist", "a1,a1", "--results", tmp_path, "--dry-run")
    assert "#SBATCH --array=0-0" in r.stdout                       # a node named twice runs once


def test_source_identity_hashes_uncommitted_changes(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    f = tmp_path / "a.txt"
    f.write_text("1")
    git = ["git", "-C", str(tmp_path), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run(git + ["add", "a.txt"], check=True)
    subprocess.run(git + ["commit", "-qm", "x"], check=True)
    clean = source_identity(tmp_path)
    assert not clean["dirty"] and clean["diff_sha256"] is None and len(clean["commit"]) == 40
    f.write_text("2")
    one = source_identity(tmp_path)
    f.write_text("3")
    two = source_identity(tmp_path)
    assert one["dirty"] and one["commit"] == clean["commit"] and one["diff_sha256"] != two["diff_sha256"]
