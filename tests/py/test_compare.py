"""Regression compare: A/A, planted regressions in both modes, outputs, bad input."""
import copy
import json

import pytest

import builders
from conftest import run_script
from hotops_report.compare import stats
from hotops_report.compare.cli import main


@pytest.fixture(scope="module")
def base_doc():
    runs = builders.softmax_runs("skx", sizes=(1000, 10**6), reps=8, isas=("scalar", "avx2"))
    return builders.results_doc("skx", runs, reps=8)


@pytest.fixture
def files(tmp_path, base_doc):
    def write(name, doc):
        return builders.write(tmp_path / name, doc)
    return write


def verdicts(path):
    doc = json.loads(path.read_text())
    return {b["variant"] + "|" + b["repro"] + "|" + b["cache"]: b["verdict"] for b in doc["benchmarks"]}, doc


@pytest.mark.parametrize("metric", ["time", "instructions"])
def test_aa_same_file_has_no_regression(files, base_doc, tmp_path, metric, capsys):
    a = files("a.json", base_doc)
    rc = main([str(a), str(a), "--metric", metric, "--json", str(tmp_path / "o.json")])
    assert rc == 0
    v, doc = verdicts(tmp_path / "o.json")
    assert set(v.values()) == {"unchanged"}
    assert len(v) == sum(r["status"] == "ok" for r in base_doc["runs"])
    assert doc["regressed"] is False
    assert "0 regressed" in capsys.readouterr().out


def test_planted_slowdown_is_regressed_in_both_modes(files, base_doc, tmp_path, capsys):
    a = files("a.json", base_doc)
    b = files("b.json", builders.slow_down(base_doc, "two_pass__avx2", 1.15, counters_factor=1.03))
    for metric in ("time", "instructions"):
        out = tmp_path / f"{metric}.json"
        args = [a, b, "--metric", metric, "--json", out, "--markdown", tmp_path / "o.md"]
        if metric == "time":   # once as the user runs it, once in-process (faster)
            res = run_script("compare.py", *args)
            assert res.returncode == 1, res.stdout + res.stderr
            stdout = res.stdout
        else:
            assert main(list(map(str, args))) == 1
            stdout = capsys.readouterr().out
        v, doc = verdicts(out)
        slowed = {k: x for k, x in v.items() if k.startswith("two_pass__avx2|")}
        assert len(slowed) == 4 and set(slowed.values()) == {"regressed"}
        assert all(x == "unchanged" for k, x in v.items() if k not in slowed)
        ratios = [bm["ratio"] for bm in doc["benchmarks"] if bm["variant"] == "two_pass__avx2"]
        assert ratios == pytest.approx([1.15 if metric == "time" else 1.03] * 4)
        assert "regressed" in stdout and "two_pass__avx2" in stdout
        md = (tmp_path / "o.md").read_text()
        assert md.startswith(f"# Regression compare ({metric})") and "| regressed |" in md


def test_improvement_and_small_change_do_not_fail(files, base_doc, tmp_path):
    a = files("a.json", base_doc)
    faster = builders.slow_down(base_doc, "online__scalar", 0.8, counters_factor=0.9)
    tiny = builders.slow_down(faster, "three_pass_reload__avx2", 1.02, counters_factor=1.005)
    b = files("b.json", tiny)
    assert main([str(a), str(b), "--json", str(tmp_path / "t.json")]) == 0
    v, _ = verdicts(tmp_path / "t.json")
    assert {x for k, x in v.items() if k.startswith("online__scalar|")} == {"improved"}
    # a 2 % shift under 2 % noise: below the 5 % effect, never a regression
    assert {x for k, x in v.items() if k.startswith("three_pass_reload__avx2|")} <= {"noisy", "unchanged"}
    assert main([str(a), str(b), "--metric", "instructions", "--json", str(tmp_path / "i.json")]) == 0
    v, _ = verdicts(tmp_path / "i.json")
    assert {x for k, x in v.items() if k.startswith("three_pass_reload__avx2|")} == {"unchanged"}
    # a tighter threshold turns the 2 % into a regression
    assert main([str(a), str(b), "--threshold", "0.01"]) == 1


def test_benchmarks_in_one_file_only_are_listed(files, base_doc, capsys):
    cand = copy.deepcopy(base_doc)
    dropped = cand["runs"].pop(0)
    extra = copy.deepcopy(cand["runs"][0])
    extra["problem"]["repro"] = "rows=1,n=777,dtype=f32"
    cand["runs"].append(extra)
    rc = main([str(files("a.json", base_doc)), str(files("b.json", cand))])
    out = capsys.readouterr().out
    assert rc == 0
    assert f"only in baseline: softmax/{dropped['variant']}" in out
    assert "only in candidate: softmax/" in out and "n=777" in out


def test_instruction_mode_needs_counters(files, base_doc, tmp_path, capsys):
    doc = copy.deepcopy(base_doc)
    for r in doc["runs"]:
        r["counters"], r["counters_source"], r["counters_reason"] = {}, "none", "no PMU in this VM"
    a = files("a.json", doc)
    assert main([str(a), str(a), "--metric", "instructions", "--json", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert "no comparable benchmarks" in err and "no PMU in this VM" in err
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("content, message", [
    (None, "no such file"), ("{not json", "corrupt JSON"), ('{"schema_version": 3}', "unknown schema_version 3"),
    ('{"schema_version": 1}', "does not match results schema")])
def test_bad_input_exits_2(files, base_doc, tmp_path, content, message, capsys):
    good = files("a.json", base_doc)
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content)
    if content is None:   # once through the real script
        res = run_script("compare.py", good, bad, "--json", tmp_path / "o.json")
        rc, err = res.returncode, res.stderr
    else:
        rc, err = main([str(good), str(bad), "--json", str(tmp_path / "o.json")]), capsys.readouterr().err
    assert rc == 2
    assert message in err and "bad.json" in err
    assert not (tmp_path / "o.json").exists()


def test_no_common_benchmark_is_an_error(files, base_doc, capsys):
    other = builders.results_doc("skx", builders.norm_runs("skx", ds=(256,), reps=4))
    assert main([str(files("a.json", base_doc)), str(files("b.json", other))]) == 2
    assert "no benchmark identity in common" in capsys.readouterr().err


def test_wall_clock_edge_cases():
    base = [1.00, 1.01, 0.99, 1.02, 0.98, 1.00]
    few = stats.wall_clock([1.0, 1.01], [1.5, 1.52])
    assert few.verdict == "noisy" and "too few repetitions" in few.reason
    wild = stats.wall_clock([1.0, 1.3, 0.8, 1.2, 0.9, 1.1], [1.0, 1.25, 0.85, 1.2, 0.95, 1.05])
    assert wild.verdict == "noisy" and "cv" in wild.reason
    same = stats.wall_clock(base, list(base))
    assert same.verdict == "unchanged" and same.p_value == pytest.approx(1.0)
    tied = stats.wall_clock([2.0] * 5, [2.0] * 5)
    assert tied.verdict == "unchanged"
    tight = [1.000, 1.002, 0.998, 1.001, 0.999, 1.003]
    small = stats.wall_clock(tight, [x + 0.02 for x in tight])
    assert small.verdict == "noisy" and "significant" in small.reason and small.p_value < 0.05
    slow = stats.wall_clock(base, [x * 1.3 for x in base])
    assert slow.verdict == "regressed" and slow.p_value < 0.01
    assert stats.min_p_value(4, 4) < 0.05 < stats.min_p_value(3, 3)


def test_exact_edge_cases():
    assert stats.exact(1000, 1000).verdict == "unchanged"
    assert stats.exact(1000, 1011).verdict == "regressed"
    assert stats.exact(1000, 1009).verdict == "unchanged"
    assert stats.exact(1000, 980).verdict == "improved"
    assert stats.exact(0, 5).verdict == "regressed"


def test_correctness_failure_in_candidate_is_a_regression(files, base_doc, tmp_path):
    cand = copy.deepcopy(base_doc)
    broken = next(r for r in cand["runs"] if r["variant"] == "two_pass__avx2" and r["status"] == "ok")
    broken.update(status="failed: max_err 3.1e-02 > tol 1.0e-05", time=None, derived=None)
    out = tmp_path / "o.json"
    assert main([str(files("a.json", base_doc)), str(files("b.json", cand)), "--json", str(out)]) == 1
    doc = json.loads(out.read_text())
    row = next(b for b in doc["benchmarks"] if b["verdict"] == "regressed")
    assert row["variant"] == "two_pass__avx2" and row["ratio"] is None
    assert "now failed: max_err" in row["reason"]


def test_same_skip_on_both_sides_is_counted_not_listed(files, capsys):
    doc = builders.results_doc("ci-box", builders.softmax_runs("ci-box", sizes=(1000,), reps=6), reps=6)
    a = files("a.json", doc)
    assert main([str(a), str(a)]) == 0
    out = capsys.readouterr().out
    assert "not comparable:" not in out
    assert "0 not comparable, 8 skipped in both" in out     # 4 avx512f algorithms x (in, out of cache)


def test_miss_totals_from_callgrind_read_write_parts(files, base_doc, tmp_path):
    def split(doc, factor=1.0):
        doc = copy.deepcopy(doc)
        for r in doc["runs"]:
            if r["counters"]:
                d1, ll = r["counters"].pop("d1_misses"), r["counters"].pop("ll_misses")
                scale = factor if r["variant"] == "online__avx2" else 1.0
                r["counters"].update(d1_read_misses=0.75 * d1 * scale, d1_write_misses=0.25 * d1 * scale,
                                     ll_read_misses=ll, ll_write_misses=0.0, data_reads=10.0)
        return doc
    a, b = files("a.json", split(base_doc)), files("b.json", split(base_doc, 1.2))
    out = tmp_path / "o.json"
    assert main([str(a), str(b), "--metric", "d1_misses", "--json", str(out)]) == 1
    v, _ = verdicts(out)
    assert {x for k, x in v.items() if k.startswith("online__avx2|")} == {"regressed"}
    assert {x for k, x in v.items() if not k.startswith("online__avx2|")} == {"unchanged"}
    assert main([str(a), str(b), "--metric", "ll_misses"]) == 0
    assert main([str(a), str(a), "--metric", "data_reads"]) == 0
    assert main([str(a), str(a), "--metric", "no_such_counter"]) == 2
