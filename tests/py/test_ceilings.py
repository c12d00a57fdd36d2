"""Reading ceilings defensively: the measure/ceilings array form, the plain mapping form, junk."""
import json

import pytest

import builders
from hotops_report import ceilings as ceil
from hotops_report.errors import InputError
from hotops_report.loader import load_file


def test_array_form_from_measure():
    c = builders.ceilings("ci-box")
    bw = ceil.bandwidth_roofs(c, threads=1)
    assert [r.name for r in bw] == ["L1", "L2", "L3", "DRAM"]
    assert all(r.detail == "read" and r.threads == 1 for r in bw)          # best kernel per level
    assert bw[-1].value == pytest.approx(14.0 * 1.1 * 1.3)
    assert ceil.bandwidth_roofs(c, threads=2)[0].value == pytest.approx(14.0 * 20 * 1.1 * 2)
    assert ceil.bandwidth_roofs(c, threads=16)[0].threads == 1             # unknown count -> fewest threads
    comp = {r.name: r.value for r in ceil.compute_roofs(c)}
    assert comp == {"fp32 avx2 fma": 78.0, "fp32 scalar mul+add": 9.6}      # skipped avx512f, int8 GOP/s left out
    skipped = [r for r in ceil.entries(c) if r.skipped]
    assert {r.name for r in skipped} == {"fp32 avx512f fma"} and skipped[0].value is None


def test_mapping_form_and_junk():
    c = {"bandwidth": {"DRAM": {"triad": {"median": 12.5}, "copy": 11.0, "bad": "fast"}, "L2": 80},
         "compute": {"avx2_fma_f32": {"median": 70.0}, "broken": None}}
    assert [(r.name, r.detail, r.value) for r in ceil.bandwidth_roofs(c)] == [("L2", "", 80.0),
                                                                              ("DRAM", "triad", 12.5)]
    assert [(r.name, r.value) for r in ceil.compute_roofs(c)] == [("avx2_fma_f32", 70.0)]
    for junk in (None, [], {"bandwidth": 3, "compute": "x"}, {"bandwidth": [1, {"level": 2}]}):
        assert ceil.entries(junk) == []


def test_side_file_is_used_when_not_embedded(tmp_path):
    doc = builders.results_doc("ci-box", builders.softmax_runs("ci-box", sizes=(1000,), reps=3), with_ceilings=False)
    p = builders.write(tmp_path / "ci-box" / "r.json", doc)
    assert ceil.machine_ceilings([load_file(p)]) == {"ci-box": None}
    (tmp_path / "ci-box" / "ceilings.json").write_text(json.dumps(builders.ceilings("ci-box")))
    got = ceil.machine_ceilings([load_file(p)])["ci-box"]
    assert got["schema"] == "hotops-ceilings"
    (tmp_path / "ci-box" / "ceilings.json").write_text("{oops")
    with pytest.raises(InputError, match="cannot read ceilings"):
        ceil.machine_ceilings([load_file(p)])
