"""A report from claim-grade results (three process runs, interleaved, quiet, sizes in the paper's regime):
every claim row shows regime, n, interval, statistic and verdict; ratios across dtypes are context only."""
import pytest

import builders
from claim_data import QUIET
from hotops_report.claims.verdicts import CONTEXT, VERDICTS
from hotops_report.report_cli import main
from test_report import claim_rows


@pytest.fixture(scope="module")
def md(tmp_path_factory):
    root = tmp_path_factory.mktemp("results")
    runs = builders.softmax_runs("skx", sizes=(10**6, 3 * 10**7, 10**8), reps=10, isas=("avx2", "avx512f"),
                                 peers=False, process_runs=3)
    runs += builders.norm_runs("skx", ds=(768, 4096), reps=10, families=("l1norm", "layernorm"))
    doc = builders.results_doc("skx", runs, reps=10)
    doc["suite"].update(QUIET["suite"])
    doc["context"].update(QUIET["context"])
    doc["drift"] = QUIET["drift"]
    path = builders.write(root / "skx" / "20250115T100000Z-paper.json", doc)
    out = tmp_path_factory.mktemp("reports") / "paper"
    assert main([str(path), "--out", str(out)]) == 0
    return (out / "report.md").read_text()


@pytest.fixture(scope="module")
def html(md, tmp_path_factory):
    return next(tmp_path_factory.getbasetemp().glob("reports*/paper/index.html")).read_text()


def test_every_claim_row_shows_regime_n_interval_statistic_and_verdict(md):
    rows = claim_rows(md)
    assert rows
    for (claim, machine), r in rows.items():
        assert r["verdict"] in VERDICTS and r["regime (required; sizes used)"], claim
        if r["verdict"] != "not measurable here":
            assert r["ours: ratio [95 % CI]"].count("[") == 1 and "×" in r["ours: ratio [95 % CI]"], claim
            assert "× 3 runs" in r["n"] and "bootstrap" in r["statistic"], claim


def test_softmax_claims_rest_on_rows_of_at_least_4x_the_llc_only(md):
    rows = claim_rows(md)
    avx512 = next(r for (c, _), r in rows.items() if c.startswith("two-pass beats three-pass (AVX512F"))
    assert "used: n=3e7,rows=1 out (avx512f), n=1e8,rows=1 out (avx512f)" in avx512["regime (required; sizes used)"]
    assert avx512["n"] == "10 reps × 3 runs; 2 points"
    assert avx512["verdict"] in ("reproduced", "partially reproduced", "inconclusive")
    assert "n=1e6,rows=1 out (avx512f)" in md.split("**Points left out of the claims**", 1)[1]
    assert "p20" not in md.split("## Claims", 1)[1].split("\n## ", 1)[0]


def test_ratio_across_dtypes_is_a_context_row_not_a_verdict(md):
    context = md.split("**Context: ratios no paper claimed (no verdict)**", 1)[1].split("\n\n**", 1)[0]
    assert "int8 L1 norm vs fp32 LayerNorm" in context and f"{CONTEXT}: different dtypes" in context
    l1 = next(r for (c, _), r in claim_rows(md).items() if c.startswith("fully quantized L1 norm"))
    assert l1["verdict"] == "not measurable here" and "a ratio across dtypes is context only" in l1["why"]


def test_html_colours_each_verdict_cell(html, md):
    for verdict, cls in (("reproduced", "v-reproduced"), ("consistent with bound", "v-consistent"),
                         ("not measurable here", "v-not-measurable")):
        assert f'<td class="{cls}">{verdict}</td>' in html
