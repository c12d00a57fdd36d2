"""Claim verdicts on marginal synthetic results: every verdict of the vocabulary, every rule, every finding of
issue 10 (test_finding_N_*)."""
import pytest

import builders
from claim_data import QUIET, ROW_OUT, claim, doc_of, evaluate, pair, softmax_pair
from hotops_report import claims
from hotops_report.claims import verdicts as V
from hotops_report.claims.model import RatioClaim, Select
from hotops_report.claims.registry import register
from hotops_report import traffic
from hotops_report.records import Run

AVX2 = "softmax.two_pass_vs_three_pass.avx2"
AVX512 = "softmax.two_pass_vs_three_pass.avx512f"
RECOMPUTE_BOUND = "softmax.bytes_bound.three_pass_recompute.avx2"
RELOAD_BOUND = "softmax.bytes_bound.three_pass_reload.avx2"
L1 = "norm.l1_int8_vs_layernorm"
RMS = "norm.rmsnorm_vs_layernorm"
FOLD = "norm.folded_vs_unfolded"
THREE = {"runs": 3, "reps": 8}


def test_the_vocabulary_is_fixed():
    assert V.VERDICTS == ("reproduced", "partially reproduced", "not reproduced",
                          "direction consistent (kernel level)", "consistent with bound", "inconclusive",
                          "not measurable here")
    assert V.CONTEXT not in V.VERDICTS


# --- speedup claims: each verdict from a marginal interval -------------------------------------------------

@pytest.mark.parametrize("ratio, noise, verdict", [
    (1.25, 0.01, V.REPRODUCED), (1.10, 0.01, V.PARTIAL), (1.00, 0.01, V.NOT_REPRODUCED),
    (0.80, 0.01, V.NOT_REPRODUCED),
    (1.162, 0.03, V.INCONCLUSIVE),      # straddles 1 + 0.9 × 0.18, the reproduction threshold
    (1.02, 0.03, V.INCONCLUSIVE),       # straddles 1.02, the smallest gain that counts
])
def test_speedup_verdicts_follow_the_interval(ratio, noise, verdict):
    o = evaluate(AVX2, softmax_pair(ratio, noise=noise, **THREE))
    assert o.verdict == verdict, o.why
    e = o.estimate
    assert e.low <= e.value <= e.high and e.value == pytest.approx(ratio, rel=1e-9)
    assert (e.runs, e.reps, e.points) == (3, 8, 2)
    if verdict == V.INCONCLUSIVE:
        assert "straddles" in o.why


def test_the_faster_three_pass_variant_is_the_baseline():
    raws = softmax_pair(1.30, **THREE) + softmax_pair(1.10, baseline="three_pass_reload", **THREE)[1::2]
    o = evaluate(AVX2, raws)
    assert o.estimate.value == pytest.approx(1.10) and o.verdict == V.PARTIAL
    assert {p.baseline.variant for p in o.points} == {"three_pass_reload__avx2"}


def test_missing_isa_is_not_measurable_with_the_cpu_named():
    raws = softmax_pair(1.2, **THREE)
    raws += [builders.simple_run("softmax", f"{v}__avx512f", "avx512f", {"rows": 1, "n": 10**8}, 0,
                                 status="skipped: CPU lacks avx512f") for v in ("two_pass", "three_pass_recompute")]
    o = evaluate(AVX512, raws, machine="ci-box")
    assert o.verdict == V.NOT_MEASURABLE and o.why.startswith("no avx512f on this CPU (AMD EPYC")
    o = evaluate(AVX512, raws)          # a CPU that has it, but the runs were skipped: the skip reason is the why
    assert o.verdict == V.NOT_MEASURABLE and "skipped: CPU lacks avx512f" in o.why


def test_no_runs_at_all_is_not_measurable():
    o = evaluate(AVX512, [])
    assert o.verdict == V.NOT_MEASURABLE and "no runs of two_pass" in o.why


def test_subject_and_baseline_from_different_files_are_not_compared():
    raws = softmax_pair(1.25, **THREE)
    docs = [doc_of(raws[0::2], **QUIET), doc_of(raws[1::2], **QUIET)]
    docs[1]["context"]["date"] = "2025-01-16T10:00:00Z"
    o = evaluate(AVX2, None, docs=docs)
    assert o.verdict == V.NOT_MEASURABLE and "not measured side by side" in o.why


# --- finding 1: int8 L1 norm only against int8 LayerNorm; across dtypes only as context ----------------------

def _norm(family, variant, dtype, t, cache="out", d=768, **kw):
    return builders.simple_run(family, variant, "avx2", {"rows": 4096, "d": d}, t, cache=cache, dtype=dtype, **kw)


def test_finding_1_int8_l1_norm_is_judged_against_int8_layernorm_only():
    raws = [_norm("l1norm", "int_stats__avx2", "int8", 1.0e-3, **THREE),
            _norm("layernorm", "int_stats__avx2", "int8", 0.9e-3, **THREE),
            _norm("layernorm", "two_pass__avx2", "f32", 2.02e-3, **THREE)]
    o = evaluate(L1, raws)
    assert o.verdict == V.NOT_REPRODUCED and o.estimate.value == pytest.approx(0.9)
    ctx = evaluate("norm.l1_int8_vs_layernorm_f32", raws)
    assert ctx.verdict == V.CONTEXT and ctx.estimate.value == pytest.approx(2.02)
    assert "different dtypes" in ctx.why


def test_finding_1_refuses_a_verdict_across_dtypes():
    with pytest.raises(ValueError, match="no verdict across dtypes"):
        RatioClaim(id="x", families=("l1norm",), paper="", text="", paper_value=1.3, paper_text="", kind="speedup",
                   subject=Select(("l1norm",), dtype="int8"), baseline=Select(("layernorm",), dtype="f32"))
    with pytest.raises(ValueError, match="make it a context row"):
        RatioClaim(id="y", families=("l1norm",), paper="", text="", paper_value=1.3, paper_text="", kind="speedup",
                   subject=Select(("l1norm",)), baseline=Select(("layernorm",)), pair_dtype=False)
    only_f32_layernorm = [_norm("l1norm", "int_stats__avx2", "int8", 1.0e-3, **THREE),
                          _norm("layernorm", "two_pass__avx2", "f32", 2.02e-3, **THREE)]
    o = evaluate(L1, only_f32_layernorm)
    assert o.verdict == V.NOT_MEASURABLE
    assert "runs in f32 exist: a ratio across dtypes is context only, no verdict" in o.why


# --- finding 2: the bytes bound can fail, never mixes ISAs, leaves out what is not memory-bound --------------

def test_bytes_bounds_come_from_the_traffic_models_in_the_results():
    """KERNELS.md §1 in the traffic the driver writes: 12 (8 R + 4 W), 16 (12 R + 4 W), 20 (12 R + 8 W) B/elem."""
    two, rec, rel = (Run({"traffic": {"elements": 10, "bytes_read": 10 * r, "bytes_written": 10 * w},
                          "work": {"elements": 10}}, "m", "f", "d") for r, w in ((8, 4), (12, 4), (12, 8)))
    assert traffic.bound(two, rec, False) == pytest.approx(16 / 12)
    assert traffic.bound(two, rec, True) == pytest.approx(20 / 16)
    assert traffic.bound(two, rel, False) == pytest.approx(20 / 12)
    assert traffic.bound(two, rel, True) == pytest.approx(28 / 16)
    assert traffic.label(two, rec, False) == "16/12 = 1.33× without write-allocate"


def test_finding_2_bound_within_reach_states_both_write_allocate_shares():
    o = evaluate(RECOMPUTE_BOUND, softmax_pair(1.235, traffic=((8, 4), (12, 4), 0.8), **THREE))
    assert o.verdict == V.CONSISTENT_WITH_BOUND, o.why
    assert "94 % of the possible gain with write-allocate (1.250×)" in o.why
    assert "of the possible gain without write-allocate (1.333×)" in o.why


@pytest.mark.parametrize("cid, ratio, traffic, verdict, why", [
    (RECOMPUTE_BOUND, 1.45, ((8, 4), (12, 4), 0.6), V.NOT_REPRODUCED, "exceeds even the largest bound"),
    (RELOAD_BOUND, 0.95, ((8, 4), (12, 8), 0.5), V.NOT_REPRODUCED, "the byte saving does not show"),
    # two-pass slower than a reload that streams at the ceiling: two-pass is not memory-bound, no verdict
    (RELOAD_BOUND, 0.78, ((8, 4), (12, 8), 0.44), V.NOT_MEASURABLE, "two_pass__avx2 streams at 44 % of its DRAM ceiling"),
    (RECOMPUTE_BOUND, 1.25, None, V.NOT_MEASURABLE, "no memory ceiling"),
])
def test_finding_2_bound_rule_can_fail(cid, ratio, traffic, verdict, why):
    base = "three_pass_reload" if "reload" in cid else "three_pass_recompute"
    o = evaluate(cid, softmax_pair(ratio, baseline=base, traffic=traffic, **THREE))
    assert o.verdict == verdict and why in o.why, o.why


def test_finding_2_bound_never_mixes_isas_or_counts_compute_bound_runs():
    raws = softmax_pair(1.2, traffic=((8, 4), (12, 4), 0.8), **THREE)
    raws += softmax_pair(1.9, isa="scalar", **THREE)     # a scalar pair, compute-bound, far "above" the bound
    o = evaluate(RECOMPUTE_BOUND, raws)
    assert {p.isa for p in o.points} == {"avx2"} and o.verdict == V.CONSISTENT_WITH_BOUND
    compute = softmax_pair(1.2, traffic=((8, 4), (12, 4), 0.8), **THREE)
    for r in compute[0::2]:
        r["derived"]["bound"] = "compute:fp32 avx2 fma"
    o = evaluate(RECOMPUTE_BOUND, compute)
    assert o.verdict == V.NOT_MEASURABLE and "two_pass__avx2 is compute-bound" in o.why


# --- finding 3: out of cache means one row >= 4x LLC; traffic above the ceiling is flagged --------------------

def test_finding_3_sizes_outside_the_papers_regime_are_left_out():
    small = softmax_pair(1.25, sizes=(10**3, 10**7), **THREE)
    o = evaluate(AVX2, small)
    assert o.verdict == V.NOT_MEASURABLE
    assert "one row is 38.1 MiB = 1.6× LLC (needs ≥ 4×)" in o.why
    both = evaluate(AVX2, small + softmax_pair(1.0, sizes=(10**8,), **THREE))
    assert [p.label for p in both.points] == ["n=1e8,rows=1 out"] and both.verdict == V.NOT_REPRODUCED
    assert len(both.excluded) == 2 and "96 MiB" in both.regime


def test_finding_3_traffic_above_its_ceiling_is_flagged():
    raws = softmax_pair(1.25, traffic=((8, 4), (12, 4), 2.45), **THREE)     # 245 % of the DRAM ceiling
    o = evaluate(AVX2, raws)
    assert o.verdict == V.NOT_MEASURABLE and "traffic" in o.why and "245 % of its DRAM copy ceiling" in o.why


# --- finding 4: intervals from repetitions and process runs; one process run is not enough ------------------

def test_finding_4_one_process_run_is_inconclusive_and_says_what_the_interval_would():
    o = evaluate(AVX2, softmax_pair(1.25, runs=1, reps=11))
    assert o.verdict == V.INCONCLUSIVE
    assert "1 process run: a verdict needs ≥ 3 independent process runs" in o.why
    assert "the interval alone says reproduced" in o.why
    assert o.estimate.n_text == "11 reps × 1 run; 2 points"
    assert "percentile bootstrap" in o.estimate.method_text and "one process run" in o.estimate.method_text


def test_finding_4_between_run_drift_widens_the_interval_to_inconclusive():
    steady = evaluate(AVX2, softmax_pair(1.25, noise=0.005, **THREE))
    drifting = evaluate(AVX2, softmax_pair(1.25, noise=0.005, run_spread=0.08, **THREE))
    assert steady.verdict == V.REPRODUCED
    width = [o.estimate.high - o.estimate.low for o in (steady, drifting)]
    assert width[1] > 3 * width[0]
    assert drifting.verdict == V.INCONCLUSIVE and "runs, then repetitions" in drifting.estimate.method_text


# --- finding 5: in cache needs the footprint in half the level; in no faster than out is flagged ----------------

def test_finding_5_in_cache_label_without_room_or_speed_is_left_out():
    full_l3 = builders.MACHINES["ci-box"][2]
    fits = [_norm("rmsnorm", "sum_squares__avx2", "f32", 1.0e-3, cache="in", footprint=4 << 20, **THREE),
            _norm("layernorm", "two_pass__avx2", "f32", 1.5e-3, cache="in", footprint=4 << 20, **THREE)]
    assert evaluate(RMS, fits, machine="ci-box").verdict == V.DIRECTION
    for r in fits:
        r["footprint_bytes"] = full_l3         # rows=4096,n=1024 softmax: exactly the L3
    o = evaluate(RMS, fits, machine="ci-box")
    assert o.verdict == V.NOT_MEASURABLE and "100 % of the largest cache" in o.why and "≤ 50 %" in o.why
    same_as_out = fits[:1] + [_norm("rmsnorm", "sum_squares__avx2", "f32", 1.0e-3, cache="out", **THREE)] + \
        [_norm("layernorm", "two_pass__avx2", "f32", 1.5e-3, cache="in", footprint=1 << 20, **THREE)]
    same_as_out[0]["footprint_bytes"] = 1 << 20
    o = evaluate(RMS, same_as_out, machine="ci-box")
    assert any("in-cache time" in why and "is not faster than out of cache" in why for _, why in o.excluded)


# --- finding 6: an end-to-end claim is at most direction consistent at kernel level ---------------------------

@pytest.mark.parametrize("ratio, verdict", [(1.5, V.DIRECTION), (0.8, V.NOT_REPRODUCED), (1.0, V.INCONCLUSIVE)])
def test_finding_6_pre_rmsnorm_is_at_most_direction_consistent(ratio, verdict):
    raws = [_norm("rmsnorm", "sum_squares__avx2", "f32", 1.0e-3, noise=0.03, **THREE),
            _norm("layernorm", "two_pass__avx2", "f32", ratio * 1.0e-3, noise=0.03, **THREE)]
    o = evaluate(RMS, raws)
    assert o.verdict == verdict, o.why
    if verdict != V.INCONCLUSIVE:
        assert "1–10 % less Transformer time" in o.why and "end to end" in o.why


# --- finding 7: the folded-norm claim is evaluated on family norm_linear -----------------------------------

def test_finding_7_folded_norm_claim_appears_with_its_scope():
    assert FOLD in {c.id for c in claims.claims_for({"norm_linear"})}
    dims, operands = {"rows": 128, "d": 768, "n": 768}, 3 << 20       # x, W and y: 3 MiB, in L3
    raws = [builders.simple_run("norm_linear", "folded_onednn__jit", "jit", dims, 1.0e-4, cache="in", noise=0.004,
                                footprint=operands, **THREE),
            builders.simple_run("norm_linear", "unfolded_onednn__avx2", "avx2", dims, 1.016e-4, cache="in",
                                noise=0.004, footprint=operands, **THREE)]
    o = evaluate(FOLD, raws)
    assert o.verdict == V.DIRECTION, o.why
    assert o.estimate.value == pytest.approx(1.016) and o.estimate.low > 1
    assert "(end to end, on GPU)" in o.why and "1.31×" in o.why


# --- finding 8: out-of-cache rotation that restarts every repetition -----------------------------------------

def test_finding_8_rotation_restarting_each_repetition_is_flagged_unless_carried():
    def raws():
        return [_norm("l1norm", "int_stats__avx2", "int8", 10e-3, rotation=16, **THREE),
                _norm("layernorm", "int_stats__avx2", "int8", 14e-3, rotation=16, **THREE)]
    o = evaluate(L1, raws())
    assert o.verdict == V.NOT_MEASURABLE and "rotation restarts every repetition" in o.why
    carried = evaluate(L1, raws(), suite={**QUIET["suite"], "rotation_carried": True})
    assert carried.verdict == V.REPRODUCED and not carried.excluded


# --- finding 9: a busy machine or drifting bandwidth cannot carry a verdict ---------------------------------

def test_finding_9_busy_machine_and_drift_make_verdicts_inconclusive():
    raws = softmax_pair(1.25, **THREE)
    assert evaluate(AVX2, raws).verdict == V.REPRODUCED
    busy = {"load": {"before": 1.6, "after": 2.4, "cpus": 2, "busy": True, "detail": "load average 1.6 before"}}
    o = evaluate(AVX2, raws, context=busy)
    assert o.verdict == V.INCONCLUSIVE and "the machine was busy: load average 1.6 before" in o.why
    assert "the interval alone says reproduced" in o.why
    o = evaluate(AVX2, raws, drift={"level": "DRAM", "kernel": "copy", "start_gbps": 11.0, "end_gbps": 9.3})
    assert o.verdict == V.INCONCLUSIVE and "(-15 %)" in o.why and "beyond ±10 %" in o.why


def test_finding_9_missing_probes_and_loaded_ceilings_are_caveats():
    raws = softmax_pair(1.25, **THREE)
    doc = doc_of(raws, suite={"process_runs": 3})
    doc["ceilings"]["environment"] = {"loadavg_before": 4.05, "loadavg_after": 3.18, "topology": {"cores": 2}}
    o = evaluate(AVX2, None, docs=[doc])
    assert o.verdict == V.REPRODUCED
    text = " ".join(o.caveats)
    for words in ("no load probe recorded", "no end-of-suite bandwidth re-check", "not interleaved",
                  "ceilings measured while the machine was busy (load average 4.05 before / 3.18 after on 2 cores"):
        assert words in text


# --- the published softmax_paper run: nothing rests on a size outside the paper's regime -------------------

def test_published_softmax_run_uses_only_the_papers_regime():
    from pathlib import Path

    from hotops_report.ceilings import machine_ceilings
    from hotops_report.claims import check
    from hotops_report.loader import latest_runs, load
    published = sorted((Path(__file__).resolve().parents[2] / "results" / "epyc-zen4-2c").glob("*-softmax_paper.json"))
    assert published, "reports/2001.04438-two-pass-softmax is rendered from a committed softmax_paper run"
    files = load([published[-1]])
    runs, _ = latest_runs(files)
    settings = claims.settings_of(files, machine_ceilings(files))
    machine = files[0].machine
    ctx = {machine: files[0].doc["context"]}
    assert files[0].doc["suite"]["process_runs"] >= 3
    for c in claims.claims_for({"softmax"}):
        o = check.evaluate(c, {machine: runs}, ctx, settings)[machine]
        assert all(p.label.startswith("n=1e8") for p in o.points), (c.id, [p.label for p in o.points])  # 381 MiB rows
        assert any("n=1e7" in label for label, _ in o.excluded), c.id                                   # vs a 32 MiB L3


def test_registry_filters_by_family_and_rejects_duplicates():
    assert {c.id for c in claims.claims_for({"softmax"})} >= {AVX2, AVX512, RECOMPUTE_BOUND}
    assert all("softmax" not in c.families for c in claims.claims_for({"l1norm"}))
    assert claims.claims_for({"no_such_family"}) == []
    dup = RatioClaim(id=AVX2, families=("softmax",), paper="", text="", paper_value=1.0, paper_text="",
                     kind="speedup", subject=Select(("a",)), baseline=Select(("b",)))
    with pytest.raises(ValueError, match="duplicate claim id"):
        register(dup)


def test_every_registered_claim_is_checkable():
    for c in claims.all_claims():
        assert c.context or c.pair_dtype or c.cross_dtype  # across dtypes only where the paper itself compares


def test_a_verdict_across_dtypes_needs_the_paper_to_have_made_that_comparison():
    kw = dict(id="t.x", families=("f",), paper="", text="", paper_value=1.5, paper_text="", kind="speedup",
              subject=Select(("a",), dtype="int4"), baseline=Select(("b",)), pair_dtype=False)
    with pytest.raises(ValueError, match="across dtypes"):
        RatioClaim(**kw)
    assert RatioClaim(**kw, cross_dtype="the paper compares int4 training with FP16").cross_dtype


def test_rows_in_the_regime_for_this_machine():
    assert all(4 * n >= 4 * builders.MACHINES["skx"][2] for n in ROW_OUT)
    assert pair("a", "b", "avx2", 1.0, sizes=(5,))[0]["problem"]["dims"] == {"rows": 1, "n": 5}


def test_a_gpu_paper_number_needs_gpu_runs_for_more_than_the_direction():
    gpu = RatioClaim(id="t.gpu", families=("softmax",), paper="", text="", paper_value=1.2, paper_text="1.2× on GPU",
                     kind="speedup", subject=Select(("two_pass",)), baseline=Select(("three_pass_recompute",)),
                     paper_device="gpu")
    assert gpu.kernel_level_only("cpu") and not gpu.kernel_level_only("cuda")
    assert not claim(AVX2).kernel_level_only("cpu") and claim(RMS).kernel_level_only("cpu")


def test_load_probe_and_legacy_load_averages():
    from hotops_report import load
    assert load.read({"before": 0.1, "after": 1.0, "cpus": 2, "busy": False}).busy == ""
    assert load.read({"busy": True, "detail": "3 other processes on CPU 0"}).busy == "3 other processes on CPU 0"
    assert load.read(None, before=0.9, after=2.0, cores=2).busy == ""           # ≤ 0.5 per core before starting
    assert "load average 1.60 before" in load.read(None, before=1.6, after=2.0, cores=2).busy
    unknown = load.read(None)
    assert not unknown.known and unknown.busy == "" and unknown.text == "no load probe recorded"
