"""Regime rules: in cache = footprint in half a level (per core for private levels), out of cache in the
paper's sense = one row >= 4x LLC, and the flags that keep a run out of verdicts."""
import pytest

import builders
from hotops_report.claims import regime
from hotops_report.records import Run

L1, L2, L3 = 32 << 10, 1 << 20, 32 << 20
MACHINE = regime.Machine(caches={"L1d": L1, "L2": L2, "L3": L3}, min_time=0.05)


def run(footprint=None, cache="in", threads=1, n=1024, dtype="f32", median=1e-3, source="a.json", **kw):
    raw = builders.simple_run("softmax", "two_pass__avx2", "avx2", {"rows": 1, "n": n}, median, cache=cache,
                              dtype=dtype, footprint=footprint, **kw)
    raw["threads"] = threads
    return Run(raw=raw, machine="m", source=source, date="2025")


@pytest.mark.parametrize("footprint, threads, level", [
    (L1 // 2, 1, "L1d"), (L1 // 2 + 1, 1, "L2"), (L2 // 2, 1, "L2"), (L2 // 2 + 64, 1, "L3"),
    (L2, 2, "L2"),                       # two cores: half of each private L2
    (L3 // 2, 1, "L3"), (L3 // 2 + 64, 1, None), (L3, 1, None), (L3 // 2 + 64, 2, None)])   # L3 is shared
def test_in_cache_needs_half_the_level(footprint, threads, level):
    assert regime.in_cache_level(run(footprint, threads=threads), MACHINE)[0] == level
    assert regime.kind(run(footprint, threads=threads), MACHINE, "n") == ("in" if level else "")


def test_finding_5_footprint_of_exactly_the_l3_is_flagged():
    flags = regime.flags(run(L3), MACHINE)
    assert len(flags) == 1 and "32 MiB is 100 % of the largest cache (32 MiB); in cache needs ≤ 50 %" in flags[0]
    assert regime.label(run(L3), MACHINE, "n") == "labelled in cache, fits no level at half"
    assert regime.label(run(L2 // 4), MACHINE, "n") == "in L2 (footprint 25 % of it per core)"


@pytest.mark.parametrize("n, dtype, kind", [
    (4 * L3 // 4, "f32", "row_out"), (4 * L3 // 4 - 1, "f32", "out"), (4 * L3, "int8", "row_out"),
    (4 * L3 // 2 - 1, "bf16", "out"), (10**7, "f32", "out"), (10**8, "f32", "row_out")])
def test_out_of_cache_in_the_papers_sense_needs_a_row_of_4x_llc(n, dtype, kind):
    assert regime.kind(run(cache="out", n=n, dtype=dtype, footprint=1), MACHINE, "n") == kind


def test_traffic_above_the_ceiling_flags_beyond_the_tolerance():
    def at(share):
        r = run(cache="out", footprint=1, memory=(10**6, 10**6 / 1e-3 / 1e9 / share, "DRAM"))
        return regime.flags(r, MACHINE)
    assert at(1.04) == []
    assert "106 % of its DRAM copy ceiling" in at(1.06)[0]


def test_in_cache_not_faster_than_out_is_flagged_only_against_its_own_file():
    in_run, out_run = run(L2 // 4, median=0.99e-3), run(cache="out", median=1e-3)
    other_file = run(cache="out", median=1e-3, source="b.json")
    partners = regime.out_partners([in_run, out_run, other_file])
    assert partners[id(in_run)] is out_run
    assert "is not faster than out of cache" in regime.flags(in_run, MACHINE, out_run)[0]
    assert regime.flags(run(L2 // 4, median=0.9e-3), MACHINE, out_run) == []
    assert regime.out_partners([in_run, other_file])[id(in_run)] is None


def test_finding_8_rotation_restart_is_measured_against_calls_per_repetition():
    # 6 MiB per copy, rotation 22: 10 ms calls give ~5 per 50 ms repetition = 30 MiB before buffer 0 returns
    slow = run(6 << 20, cache="out", median=10e-3, rotation=22)
    flags = regime.flags(slow, MACHINE)
    assert "rotation restarts every repetition: ~5 calls × 6 MiB touch 0.94× the LLC" in flags[0]
    fast = run(6 << 20, cache="out", median=1e-4, rotation=22)        # 500 calls: every buffer, many times
    assert regime.flags(fast, MACHINE) == []
    carried = regime.Machine(caches=MACHINE.caches, min_time=0.05, rotation_carried=True)
    assert regime.flags(slow, carried) == []


def test_machine_from_a_results_context():
    m = regime.machine_of(builders.context("skx"), {"min_time": 0.1, "rotation_carried": True})
    assert m.llc == 24 << 20 and m.min_time == 0.1 and m.rotation_carried
    assert regime.machine_of({"cpu": {"caches": {"L1d": 32768, "L2": None, "L3": None}}}).llc == 32768
