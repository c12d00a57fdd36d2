"""Bad input to hotops-bench and hotops-ceilings: exit 2, a message in the tool's own voice that
names the problem, and nothing written."""
import json
import resource
import subprocess

import pytest

from benchrun import BENCH, CEILINGS, ROOT, files_under, run, run_bench, tiny_suite

pytestmark = pytest.mark.skipif(not BENCH.exists(), reason="hotops-bench not built (scripts/test.sh builds it first)")


def refused(r, *words, tool="hotops-bench"):
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert r.stderr.startswith(f"{tool}: error: "), r.stderr
    for w in words:
        assert w in r.stderr, (w, r.stderr)
    return r.stderr


@pytest.mark.parametrize("args, words", [
    (["run", "--threads", "0"], ["--threads", "got '0'"]),
    (["run", "--threads", "two"], ["--threads", "got 'two'"]),
    (["run", "--seed", "-1"], ["--seed", "got '-1'"]),
    (["run", "--counters", "pmu"], ["--counters", "pmu"]),
    (["run", "--bogus"], ["--bogus"]),
    (["run-one", "--family", "softmax"], ["--variant", "required"]),
    (["run-one", "--family", "softmax", "--variant", "two_pass__scalar", "--problem", "n=1", "--iterations", "0"],
     ["--iterations", "got '0'"]),
    ([], ["subcommand", "run"]),
])
def test_command_line_errors_exit_2_in_the_tools_voice(args, words):
    err = refused(run_bench(*args), *words)
    assert "1.79e308" not in err and "not in range" not in err


def test_ceilings_tool_command_line_errors_exit_2():
    if not CEILINGS.exists():
        pytest.skip("hotops-ceilings not built")
    refused(run(CEILINGS, "--compare-likwid", "0"), "--compare-likwid", "got '0'", tool="hotops-ceilings")
    refused(run(CEILINGS, "--bogus"), "--bogus", tool="hotops-ceilings")
    refused(run(CEILINGS), "--out", tool="hotops-ceilings")


@pytest.mark.parametrize("tool", [BENCH, CEILINGS], ids=["hotops-bench", "hotops-ceilings"])
def test_version_names_the_commit_and_the_build(tool):
    if not tool.exists():
        pytest.skip(f"{tool.name} not built")
    r = run(tool, "--version")
    assert r.returncode == 0, r.stderr
    first, *rest = r.stdout.splitlines()
    head = run("git", "-C", ROOT, "rev-parse", "--short=7", "HEAD").stdout.strip()
    assert first.startswith(f"{tool.name} ") and head[:7] in first, (first, head)
    assert any(line.startswith("built with ") for line in rest), r.stdout
    assert "google-benchmark" in r.stdout


def test_listing_an_unknown_family_is_an_error():
    refused(run_bench("list", "nosuchfamily"), "no family 'nosuchfamily'", "softmax")
    assert run_bench("list", "softmax").returncode == 0


@pytest.mark.parametrize("machine", ["../../escaped", "a/b", "..", ""])
def test_machine_name_stays_one_folder_inside_the_results(tmp_path, machine):
    out = tmp_path / "deep" / "results"
    refused(run_bench("run", tiny_suite(tmp_path), "--out", out, "--machine", machine), "--machine")
    assert files_under(tmp_path / "deep") == [] and not (tmp_path / "escaped").exists()


def test_empty_out_is_refused_not_the_current_folder(tmp_path):
    suite = tiny_suite(tmp_path)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    refused(run_bench("run", suite, "--out", "", "--machine", "m", cwd=cwd), "--out")
    assert files_under(cwd) == []


STALE = json.dumps({"schema": "hotops-ceilings", "schema_version": 1, "compute": [], "bandwidth": [],
                    "staleness_key": {"cpu": "another CPU", "compiler": "another compiler", "kernel": "another kernel"}})


@pytest.mark.parametrize("content, reason", [(None, "missing"), ("{not json", "corrupt"), ('{"hello": 1}', "corrupt"),
                                             (STALE, "stale")])
def test_explicit_ceilings_must_be_usable(tmp_path, content, reason):
    ceilings = tmp_path / "ceilings.json"
    if content is not None:
        ceilings.write_text(content)
    out = tmp_path / "out"
    refused(run_bench("run", tiny_suite(tmp_path), "--out", out, "--machine", "m", "--ceilings", ceilings),
            f"--ceilings {ceilings}: {reason}")
    assert files_under(out) == []


def test_a_problem_whose_size_overflows_is_refused_with_its_bytes(tmp_path):
    out = tmp_path / "out"
    err = refused(run_bench("run", "quick", "--out", out, "--problem", "rows=4294967296,n=4294967296",
                            "--filter", "softmax/two_pass__scalar/*"),
                  "softmax problem 'rows=4294967296,n=4294967296,dtype=f32'", "bytes")
    assert "choose a smaller problem" in err
    assert files_under(out) == []


def test_a_problem_larger_than_the_memory_limit_is_refused_before_allocating(tmp_path):
    def one_gib():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    out = tmp_path / "out"
    r = run_bench("run", "quick", "--out", out, "--problem", "rows=1,n=2e8", "--filter", "softmax/two_pass__scalar/*",
                  preexec_fn=one_gib)
    refused(r, "softmax problem 'rows=1,n=200000000,dtype=f32'", "bytes", "ulimit -v 1.0 GiB")
    assert "bad_alloc" not in r.stderr
    assert files_under(out) == []


@pytest.mark.parametrize("yaml, words", [
    ("entries: [{family: softmax, variant: [two_pass__scalar], problems: [n=10]}]", ["unknown key 'variant'", "did you mean 'variants'?"]),
    ("repetitons: 2\nentries: [{family: softmax, problems: [n=10]}]", ["did you mean 'repetitions'?"]),
    ("min_time: .nan\nentries: [{family: softmax, problems: [n=10]}]", ["min_time"]),
    ("min_time: .inf\nentries: [{family: softmax, problems: [n=10]}]", ["min_time"]),
    ("name: a/b\nentries: [{family: softmax, problems: [n=10]}]", ["name 'a/b'"]),
    ("threads: 1\nthreads: 2\nentries: [{family: softmax, problems: [n=10]}]", ["'threads' is given twice"]),
])
def test_suite_definition_mistakes_are_named_before_running(tmp_path, yaml, words):
    suite = tmp_path / "s.yaml"
    suite.write_text(yaml + "\n")
    out = tmp_path / "out"
    refused(run_bench("run", suite, "--out", out), *words)
    assert files_under(out) == []


def test_the_seed_is_recorded(tmp_path):
    out = tmp_path / "out"
    r = run_bench("run", tiny_suite(tmp_path), "--out", out, "--machine", "m", "--counters", "none", "--seed", "7")
    assert r.returncode == 0, r.stderr
    result = next(p for p in files_under(out) if not p.name.endswith(".gbench.json"))
    assert json.loads(result.read_text())["suite"]["seed"] == 7
