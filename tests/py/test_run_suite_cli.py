"""Bad input to run_suite.sh / hotops-bench: a clear message, a non-zero exit, no result file."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BENCH = ROOT / "build" / "hotops-bench"


def run(*args, cwd=ROOT):
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300)


def files_under(path):
    return [p for p in pathlib.Path(path).rglob("*") if p.is_file()] if pathlib.Path(path).exists() else []


def test_unknown_suite_is_named_with_the_available_ones(tmp_path):
    r = run(ROOT / "run_suite.sh", "nosuchsuite", "--out", tmp_path)
    assert r.returncode != 0
    assert "no suite 'nosuchsuite'" in r.stderr and "quick" in r.stderr
    assert files_under(tmp_path) == []


def test_unwritable_out_fails_before_any_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    r = run(ROOT / "run_suite.sh", "quick", "--out", blocker / "results")
    assert r.returncode != 0
    assert "not writable" in r.stderr


@pytest.mark.skipif(not BENCH.exists(), reason="hotops-bench not built (scripts/test.sh builds it first)")
def test_malformed_size_names_the_problem_and_writes_nothing(tmp_path):
    r = run(BENCH, "run", "quick", "--out", tmp_path, "--problem", "rows=1,n=12abc")
    assert r.returncode == 2
    assert "'n=12abc': expected an integer" in r.stderr
    assert files_under(tmp_path) == []


@pytest.mark.skipif(not BENCH.exists(), reason="hotops-bench not built (scripts/test.sh builds it first)")
def test_unwritable_results_directory_from_the_driver(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run(BENCH, "run", "quick", "--out", blocker, "--filter", "softmax/two_pass__scalar/*")
    assert r.returncode == 2
    assert "cannot create results directory" in r.stderr
    assert blocker.read_text() == "x"


def test_bad_option_values_are_rejected():
    r = run(ROOT / "run_suite.sh", "--threads", "two")
    assert r.returncode == 2 and "--threads must be a positive integer" in r.stderr
    r = run(ROOT / "run_suite.sh", "--bogus")
    assert r.returncode == 2 and "unknown option '--bogus'" in r.stderr


def test_one_suite_at_a_time():
    r = run(ROOT / "run_suite.sh", "quick", "softmax_paper")
    assert r.returncode == 2 and "one suite at a time: got 'quick' and 'softmax_paper'" in r.stderr


@pytest.mark.parametrize("machine", ["../escaped", "a/b", ".."])
def test_machine_name_stays_inside_the_results_folder(tmp_path, machine):
    r = run(ROOT / "run_suite.sh", "--out", tmp_path / "results", "--machine", machine)
    assert r.returncode == 2 and "--machine" in r.stderr
    assert files_under(tmp_path) == [] and not (tmp_path / "escaped").exists()


def test_empty_out_is_refused(tmp_path):
    r = run(ROOT / "run_suite.sh", "--out", "", cwd=tmp_path)
    assert r.returncode == 2 and "--out must name a directory" in r.stderr
    assert list(tmp_path.iterdir()) == []
