"""Rendering a report from generated results of two machines, and refusing bad input cleanly."""
import re

import pytest

import builders
from hotops_report.claims.verdicts import VERDICTS
from conftest import run_script
from hotops_report import report_cli
from hotops_report.report_cli import main


@pytest.fixture(scope="module")
def report(two_machines, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports") / "both"
    rc = main([str(two_machines["root"] / "skx"), str(two_machines["root"] / "ci-box"), "--out", str(out)])
    assert rc == 0
    return out


def test_writes_html_markdown_and_figures(report):
    assert (report / "index.html").is_file() and (report / "report.md").is_file()
    for fam in ("softmax", "layernorm"):
        for kind in ("throughput", "roofline"):
            for ext in ("png", "svg"):
                assert (report / "figures" / f"{fam}_{kind}.{ext}").stat().st_size > 1000
    for ext in ("png", "svg"):
        assert (report / "figures" / f"softmax_speedup.{ext}").is_file()
        assert (report / "figures" / f"all_roofline.{ext}").is_file()
    assert (report / "figures" / "softmax_speedup.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (report / "figures" / "softmax_speedup.svg").read_bytes()[:2000]


def test_html_is_self_contained(report):
    html = (report / "index.html").read_text()
    assert html.count("data:image/png;base64,") == len(list((report / "figures").glob("*.png")))
    assert not re.search(r'<img[^>]+src="(?!data:)', html)
    for sid in ("claims", "family-softmax", "machines"):
        assert f'id="{sid}"' in html


def test_markdown_references_existing_figures(report):
    md = (report / "report.md").read_text()
    refs = re.findall(r"\]\((figures/[^)]+)\)", md)
    assert len(refs) == 2 * len(list((report / "figures").glob("*.png"))) >= 12
    for ref in refs:
        assert (report / ref).is_file(), ref


def claim_rows(md):
    """{(claim text, machine): {column: cell}} of the claims table of a Markdown report."""
    section = md.split("## Claims", 1)[1].split("\n## ", 1)[0]
    table = section.split("**Claims: the papers' numbers vs ours**", 1)[1].strip().split("\n\n", 1)[0]
    lines = table.splitlines()
    cols = [c.strip() for c in lines[0].strip("|").split(" | ")]
    rows = [dict(zip(cols, (c.strip() for c in ln.strip("|").split(" | ")))) for ln in lines[2:]]
    return {(r["claim"], r["machine"]): r for r in rows}


def test_claims_table_has_a_row_per_claim_and_machine_with_an_honest_verdict(report):
    md = (report / "report.md").read_text()
    rows = claim_rows(md)
    avx512 = {m: r for (claim, m), r in rows.items() if claim.startswith("two-pass beats three-pass (AVX512F")}
    assert avx512["ci-box"]["verdict"] == "not measurable here"
    assert avx512["ci-box"]["why"].startswith("no avx512f on this CPU")
    # skx measured it, but no size reaches the paper's regime (rows of 4 B × 1e7 = 1.6× its 24 MiB L3)
    assert avx512["skx"]["verdict"] == "not measurable here"
    assert "outside the paper's regime" in avx512["skx"]["why"]
    assert "96 MiB" in avx512["skx"]["regime (required; sizes used)"]
    for r in rows.values():
        assert r["verdict"] in VERDICTS and r["regime (required; sizes used)"]
    assert "Points left out of the claims" in md
    assert "Peers: best hotops variant vs each peer" in md
    assert "onednn__jit GB/s (best÷peer)" in md
    assert "skipped: CPU lacks avx512f" in md
    assert "No ceilings measured for: ci-box" in md


def test_context_and_ceilings_section(report):
    md = (report / "report.md").read_text()
    machines = md.split("## Machines and ceilings", 1)[1]
    assert "Intel Xeon Gold 6154" in machines and "AMD EPYC 7B13" in machines
    assert re.search(r"\| bandwidth \| DRAM \| triad \| 1 \| GB/s \| — \| 14\.3 \|", machines)
    assert re.search(
        r"\| compute \| fp32 avx512f fma \| — \| 1 \| GFLOP/s \| — \| 230\.0 \(builtin, spread 1 %\) \|",
                     machines)
    assert "| process runs / repetition order | 1 / back to back | 1 / back to back |" in machines
    assert "| load while measuring | no load probe recorded | no load probe recorded |" in machines


@pytest.fixture
def tiny(tmp_path):
    runs = builders.softmax_runs("skx", sizes=(1000, 10**5), reps=3, isas=("avx2",), peers=False)
    return builders.write_machine(tmp_path / "results", "skx", runs=runs, reps=3)


def test_cli_prints_html_path(tiny, tmp_path):
    out = tmp_path / "cli"
    res = run_script("report.py", tiny, "--out", out)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(out / "index.html")


def _fails_cleanly(args, out, capsys, message):
    rc = main([*map(str, args), "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2
    assert message in err, err
    return err


def test_empty_dir(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    _fails_cleanly([tmp_path / "empty"], tmp_path / "out", capsys, "contains no results files")
    assert not (tmp_path / "out").exists()


def test_corrupt_json_and_unknown_version(tmp_path, capsys, two_machines):
    bad = tmp_path / "r" / "bad.json"
    bad.parent.mkdir()
    bad.write_text('{"schema_version": 1, "context": ')
    _fails_cleanly([two_machines["skx"], bad], tmp_path / "out", capsys, "corrupt JSON")
    v2 = builders.write(tmp_path / "v2.json", {**builders.results_doc("skx", []), "schema_version": 7})
    _fails_cleanly([v2], tmp_path / "out", capsys, "unknown schema_version 7")
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]     # no temp dir left behind


def test_failed_render_keeps_previous_report(tmp_path, tiny, monkeypatch):
    out = tmp_path / "rep"
    out.mkdir()
    (out / "index.html").write_text("previous")

    def half_then_boom(files, staging, title):
        (staging / "figures").mkdir()
        (staging / "figures" / "half.png").write_bytes(b"partial")
        raise RuntimeError("renderer broke")
    monkeypatch.setattr(report_cli, "build", half_then_boom)
    with pytest.raises(RuntimeError):
        main([str(tiny), "--out", str(out)])
    assert (out / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep", "results"]     # no temp dir left behind


def test_schema_mismatch_via_cli(tmp_path):
    doc = builders.results_doc("skx", builders.softmax_runs("skx", sizes=(1000,), reps=3))
    doc["runs"][0]["work"] = "lots"
    p = builders.write(tmp_path / "x.json", doc)
    res = run_script("report.py", p, "--out", tmp_path / "o")
    assert res.returncode == 2
    assert "does not match results schema v1: at runs/0/work" in res.stderr
    assert not (tmp_path / "o").exists()


def test_out_must_be_a_report_dir(tiny, tmp_path, capsys):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "data.json").write_text("{}")
    _fails_cleanly([tiny], precious, capsys, "not a previous report; refusing to replace it")
    assert (precious / "data.json").read_text() == "{}"
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    _fails_cleanly([tiny], afile, capsys, "exists and is not a directory")
