"""The report's ShiftQuant quantizers (hotops_report.shiftquant_error): bit-exact with the C++
reference quantizers on the committed golden case, and the error table's orderings."""
import json
from pathlib import Path

import numpy as np
import pytest

from hotops_report import shiftquant_error as sq

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "shiftquant_golden.json"


def test_python_quantizers_match_the_cpp_golden_case():
    doc = json.loads(GOLDEN.read_text())
    x = np.array(doc["x"], dtype=np.float32).reshape(doc["rows"], doc["cols"])
    assert len(doc["cases"]) == 24
    for case in doc["cases"]:
        codes, exps, scales = sq.quantize(x, case["bits"], case["scale"], case["group"], case["stochastic"],
                                          case["seed"], case["stream"], case["along"])
        what = {k: case[k] for k in ("bits", "scale", "stochastic", "along")}
        assert codes.ravel().tolist() == case["codes"], what
        assert (exps.ravel().tolist() if exps is not None else []) == case["exps"], what
        want = np.array(case["scales"], dtype=np.float32)
        assert np.array_equal(scales.ravel() if scales is not None else np.zeros(0, np.float32), want), what


def test_stochastic_rounding_is_unbiased_and_reproducible():
    x = np.full((64, 256), 0.3, dtype=np.float32)  # code 0.3·qmax/0.3 … a fraction of a step
    a = sq.quantize(x * np.float32(0.01) + np.float32(0.3), 4, "pow2", 32, True, seed=9, stream=1)
    b = sq.quantize(x * np.float32(0.01) + np.float32(0.3), 4, "pow2", 32, True, seed=9, stream=1)
    assert np.array_equal(a[0], b[0])
    deq = sq.dequantize(*a, "pow2", 32)
    assert deq.mean() == pytest.approx(0.303, rel=0.02)  # E[x̂] = x
    assert len(np.unique(a[0])) == 2  # rounds both ways


@pytest.fixture(scope="module")
def table():
    return sq.error_table(rows=64, cols=512, kinds=("normal", "outliers"))


def test_error_table_orders_the_quantizers(table):
    for r in table:
        what = (r["input"], r["bits"], r["group"])
        assert r["best"] <= r["float"] * (1 + 1e-12), what       # α = 1 is one of the candidates
        assert r["float"] <= r["pow2"], what                      # a power-of-two step is never finer
        if r["input"] == "normal":  # (outliers: the float scale represents each group's max exactly)
            assert r["pow2"] / r["float"] <= 4.0, what           # ... and at most twice as coarse
        assert r["pow2_sr"] > r["pow2"], what                     # stochastic rounding adds variance
        assert r["pow2_over_best"] == pytest.approx(r["pow2"] / r["best"])
    by = {(r["input"], r["bits"], r["group"]): r["pow2"] for r in table}
    for (kind, bits, g), err in by.items():
        if bits > 4:
            assert err < by[(kind, bits - 2, g)], (kind, bits, g)  # fewer bits, more error


def test_groups_beat_one_scale_per_row_on_heavy_tails():
    r = {(x["bits"], x["group"]): x for x in sq.error_table(rows=64, cols=512, kinds=("heavy",), bits=(4,))}
    assert r[(4, 32)]["pow2"] < r[(4, 32)]["row"] / 2
