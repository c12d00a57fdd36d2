"""report.py --publish: a reproduction to commit — Markdown and PNG only, clean commits only, provenance first."""
import json

import builders
from conftest import run_script


def _results(tmp_path, dirty=False, commit="531bc4e0d1f2"):
    runs = builders.softmax_runs("skx", sizes=(1000, 10**5), reps=3, isas=("avx2",), peers=False)
    path = builders.write_machine(tmp_path / "results", "skx", runs=runs, reps=3)
    doc = json.loads(path.read_text())
    doc["context"]["git"] = {"commit": commit, "dirty": dirty}
    path.write_text(json.dumps(doc))
    return path


def test_published_report_is_markdown_and_png_with_where_it_came_from(tmp_path):
    out = tmp_path / "reports" / "two-pass-softmax"
    res = run_script("report.py", _results(tmp_path), "--publish", "--out", out)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(out / "report.md")
    assert not (out / "index.html").exists()
    figures = sorted(p.suffix for p in (out / "figures").iterdir())
    assert figures and set(figures) == {".png"}
    md = (out / "report.md").read_text()
    first = md.split("\n\n")[1]
    assert "Published reproduction" in first and "**skx**" in first and "`531bc4e0d1f2`" in first, first
    assert "--publish" in first and "[SVG]" not in md


def test_results_from_a_dirty_tree_are_refused_and_nothing_is_written(tmp_path):
    out = tmp_path / "reports" / "two-pass-softmax"
    res = run_script("report.py", _results(tmp_path, dirty=True), "--publish", "--out", out)
    assert res.returncode == 2
    assert "dirty tree" in res.stderr and "531bc4e0d1f2" in res.stderr, res.stderr
    assert not out.exists()


def test_results_without_a_commit_are_refused(tmp_path):
    res = run_script("report.py", _results(tmp_path, commit="unknown"), "--publish", "--out", tmp_path / "o")
    assert res.returncode == 2 and "no git commit recorded" in res.stderr, res.stderr
