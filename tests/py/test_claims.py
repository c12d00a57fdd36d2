"""Claim checkers: verdict logic on controlled ratios, and tolerance of missing data."""
import pytest

import builders
from hotops_report import claims
from hotops_report.claims import check
from hotops_report.claims.model import RatioClaim, Select
from hotops_report.claims.registry import register
from hotops_report.records import Run

SKX = builders.context("skx")
CI = builders.context("ci-box")


def runs_of(raws, machine="m"):
    return [Run(raw=r, machine=machine, source=None, date="2025") for r in raws]


def softmax_pair(isa, ratio, sizes=(10**6, 10**7), cache="out", baseline="three_pass_recompute"):
    """two_pass and a three-pass baseline with time(baseline)/time(two_pass) = ratio at each size."""
    raws = []
    for n in sizes:
        t = 1e-3 * n / 10**6
        raws.append(builders.simple_run("softmax", f"two_pass__{isa}", isa, {"rows": 1, "n": n}, t, cache=cache))
        raws.append(builders.simple_run("softmax", f"{baseline}__{isa}", isa, {"rows": 1, "n": n}, t * ratio,
                                        cache=cache))
    return raws


def claim(cid):
    return next(c for c in claims.all_claims() if c.id == cid)


AVX2 = "softmax.two_pass_vs_three_pass.avx2"
AVX512 = "softmax.two_pass_vs_three_pass.avx512f"
BOUND = "softmax.bytes_bound.three_pass_recompute"


@pytest.mark.parametrize("ratio, verdict", [
    (1.20, "reproduced"), (1.17, "reproduced"), (1.10, "partially reproduced"), (1.0, "not reproduced"),
    (0.8, "not reproduced")])
def test_speedup_claim_verdicts(ratio, verdict):
    o = check.evaluate(claim(AVX2), {"m": runs_of(softmax_pair("avx2", ratio))}, {"m": SKX})["m"]
    assert o.verdict == verdict
    assert o.max == pytest.approx(ratio, rel=1e-9)
    assert o.at.low <= o.max <= o.at.high


def test_faster_three_pass_is_the_baseline():
    raws = softmax_pair("avx2", 1.30) + softmax_pair("avx2", 1.05, baseline="three_pass_reload")[1::2]
    o = check.evaluate(claim(AVX2), {"m": runs_of(raws)}, {"m": SKX})["m"]
    assert o.max == pytest.approx(1.05)
    assert o.verdict == "partially reproduced"


def test_in_cache_points_do_not_count_for_out_of_cache_claims():
    raws = softmax_pair("avx2", 1.0) + softmax_pair("avx2", 1.5, sizes=(1000,), cache="in")
    o = check.evaluate(claim(AVX2), {"m": runs_of(raws)}, {"m": SKX})["m"]
    assert o.max == pytest.approx(1.0) and o.verdict == "not reproduced"
    only_in = softmax_pair("avx2", 1.5, cache="in")
    o = check.evaluate(claim(AVX2), {"m": runs_of(only_in)}, {"m": SKX})["m"]
    assert o.verdict == "not measurable here" and "no out-of-cache sizes" in o.why


def test_bound_claim():
    ok = check.evaluate(claim(BOUND), {"m": runs_of(softmax_pair("avx2", 1.25))}, {"m": SKX})["m"]
    assert ok.verdict == "reproduced" and "within the bound" in ok.why
    bad = check.evaluate(claim(BOUND), {"m": runs_of(softmax_pair("avx2", 1.6))}, {"m": SKX})["m"]
    assert bad.verdict == "not reproduced" and "exceeds the bound" in bad.why


def test_missing_isa_is_not_measurable_with_the_cpu_named():
    raws = softmax_pair("avx2", 1.2)
    raws += [builders.simple_run("softmax", f"{v}__avx512f", "avx512f", {"rows": 1, "n": 10**7}, 0,
                                 status="skipped: CPU lacks avx512f") for v in ("two_pass", "three_pass_recompute")]
    o = check.evaluate(claim(AVX512), {"ci-box": runs_of(raws)}, {"ci-box": CI})["ci-box"]
    assert o.verdict == "not measurable here"
    assert o.why.startswith("no avx512f on this CPU (AMD EPYC")
    # a CPU that has the ISA but whose runs were skipped: the skip reason is the why
    o = check.evaluate(claim(AVX512), {"skx": runs_of(raws)}, {"skx": SKX})["skx"]
    assert o.verdict == "not measurable here" and "skipped: CPU lacks avx512f" in o.why


def test_no_data_at_all():
    o = check.evaluate(claim(AVX512), {"skx": []}, {"skx": SKX})["skx"]
    assert o.verdict == "no data"
    l1_only = [builders.simple_run("l1norm", "l1norm__avx2", "avx2", {"rows": 8, "d": 256}, 1e-6, dtype="int8")]
    o = check.evaluate(claim("norm.l1_int8_vs_layernorm"), {"m": runs_of(l1_only)}, {"m": SKX})["m"]
    assert o.verdict == "no data" and "layernorm" in o.why


def test_norm_claims_match_across_dtypes_and_layouts():
    raws = [builders.simple_run("l1norm", "l1norm__avx2", "avx2", {"rows": 8, "d": d}, 1e-6, dtype="int8")
            for d in (256, 1024)]
    raws += [builders.simple_run("layernorm", "layernorm__avx512f", "avx512f", {"rows": 8, "d": d}, 1.3e-6)
             for d in (256, 1024)]
    o = check.evaluate(claim("norm.l1_int8_vs_layernorm_f32"), {"m": runs_of(raws)}, {"m": SKX})["m"]
    assert o.max == pytest.approx(1.3)
    assert o.verdict == "partially reproduced"      # 1.30 < 1 + 0.9 * 0.3554
    # the like-for-like claim needs an int8 LayerNorm
    o = check.evaluate(claim("norm.l1_int8_vs_layernorm"), {"m": runs_of(raws)}, {"m": SKX})["m"]
    assert o.verdict == "no data"
    int8_ln = [builders.simple_run("layernorm", "int_stats__avx2", "avx2", {"rows": 8, "d": 256}, 1.5e-6,
                                   dtype="int8")]
    o = check.evaluate(claim("norm.l1_int8_vs_layernorm"), {"m": runs_of(raws + int8_ln)}, {"m": SKX})["m"]
    assert o.max == pytest.approx(1.5) and o.verdict == "reproduced" and len(o.points) == 1
    # a shared "norm" family with algorithms works too
    shared = [builders.simple_run("norm", "rmsnorm__avx2", "avx2", {"rows": 8, "d": 512}, 1.0e-6),
              builders.simple_run("norm", "layernorm__avx2", "avx2", {"rows": 8, "d": 512}, 1.1e-6)]
    o = check.evaluate(claim("norm.rmsnorm_vs_layernorm"), {"m": runs_of(shared)}, {"m": SKX})["m"]
    assert o.verdict == "reproduced" and o.median == pytest.approx(1.1)
    # a faster int8 LayerNorm at the same dims is not the f32 RMSNorm's baseline
    shared.append(builders.simple_run("norm", "layernorm__avx2", "avx2", {"rows": 8, "d": 512}, 0.5e-6,
                                      dtype="int8"))
    o = check.evaluate(claim("norm.rmsnorm_vs_layernorm"), {"m": runs_of(shared)}, {"m": SKX})["m"]
    assert o.median == pytest.approx(1.1)


def test_folded_vs_unfolded_notes_gpu_paper():
    raws = [builders.simple_run("unifiednorm", "folded__avx2", "avx2", {"rows": 8, "d": 512}, 1.0e-6),
            builders.simple_run("unifiednorm", "unfolded__avx2", "avx2", {"rows": 8, "d": 512}, 1.5e-6)]
    o = check.evaluate(claim("norm.folded_vs_unfolded"), {"m": runs_of(raws)}, {"m": SKX})["m"]
    assert o.max == pytest.approx(1.5) and o.verdict == "reproduced"
    assert "paper measured on GPU; ours on CPU" in o.why


def test_fixture_machines(two_machines):
    from hotops_report.loader import load
    files = load([two_machines["skx"], two_machines["ci-box"]])
    by_m = {f.machine: f.runs for f in files}
    ctx = {f.machine: f.doc["context"] for f in files}
    outcomes = {c.id: claims.evaluate(c, by_m, ctx) for c in claims.claims_for({"softmax", "layernorm", "l1norm"})}
    assert outcomes[AVX512]["ci-box"].verdict == "not measurable here"
    assert outcomes[AVX512]["skx"].verdict in ("reproduced", "partially reproduced")
    l1 = outcomes["norm.l1_int8_vs_layernorm"]["skx"]      # the fixture has LayerNorm but no L1 norm
    assert l1.verdict == "no data" and "l1norm" in l1.why


def test_registry_filters_by_family_and_rejects_duplicates():
    assert {c.id for c in claims.claims_for({"softmax"})} >= {AVX2, AVX512, BOUND}
    assert all("softmax" not in c.families for c in claims.claims_for({"l1norm"}))
    assert claims.claims_for({"vq_logits"}) == []
    dup = RatioClaim(id=AVX2, families=("softmax",), paper="", text="", paper_value=1.0, paper_text="",
                     kind="at_least", subject=Select(("a",)), baseline=Select(("b",)))
    with pytest.raises(ValueError, match="duplicate claim id"):
        register(dup)
