"""Bootstrap intervals on time ratios: the one-run case agrees with scipy.stats.bootstrap; process runs add
their own variance; the statistic over sizes is resampled jointly."""
import numpy as np
import pytest
from scipy import stats

from hotops_report.claims import bootstrap
from hotops_report.claims.model import Point


class FakeRun:
    def __init__(self, groups):
        self.process_samples = [list(g) for g in groups]
        self.median = float(np.median(np.concatenate(groups)))


def point(subject, baseline):
    return Point(key=(), subject=FakeRun(subject), baseline=FakeRun(baseline), label="", isa="avx2")


def test_one_process_run_agrees_with_scipy_percentile_bootstrap():
    rng = np.random.default_rng(1)
    s, b = rng.lognormal(0, 0.03, 25) * 1e-3, rng.lognormal(0, 0.03, 25) * 1.2e-3
    ours = bootstrap.estimate([point([s], [b])], "median", seed=3, resamples=20000)
    ref = stats.bootstrap((b, s), lambda x, y, axis: np.median(x, axis=axis) / np.median(y, axis=axis),
                          vectorized=True, paired=False, method="percentile", n_resamples=20000,
                          random_state=np.random.default_rng(4)).confidence_interval
    assert ours.value == pytest.approx(np.median(b) / np.median(s))
    assert ours.low == pytest.approx(ref.low, rel=0.005) and ours.high == pytest.approx(ref.high, rel=0.005)


def test_same_seed_same_interval():
    p = point([[1.0, 1.1, 0.9, 1.05]], [[1.3, 1.2, 1.25, 1.4]])
    a, b = (bootstrap.estimate([p], "max", seed=7) for _ in range(2))
    assert (a.low, a.high) == (b.low, b.high)


def test_between_run_variance_is_not_hidden_by_many_repetitions():
    rng = np.random.default_rng(2)
    levels = (0.9, 1.0, 1.1)                       # each process run its own level: ±10 % wander
    subject = [lvl * rng.lognormal(0, 0.002, 50) for lvl in levels]
    baseline = [1.2 * lvl * rng.lognormal(0, 0.002, 50) for lvl in rng.permutation(levels)]
    pooled = bootstrap.estimate([point([np.concatenate(subject)], [np.concatenate(baseline)])], "median", seed=1)
    runs = bootstrap.estimate([point(subject, baseline)], "median", seed=1)
    assert runs.runs == 3 and pooled.runs == 1
    assert runs.high - runs.low > 5 * (pooled.high - pooled.low)
    assert "runs, then repetitions" in runs.method_text


def test_statistic_over_sizes_is_resampled_jointly():
    rng = np.random.default_rng(5)
    pts = [point([rng.lognormal(0, 0.02, 9)], [r * rng.lognormal(0, 0.02, 9)]) for r in (1.1, 1.3, 1.2)]
    mx = bootstrap.estimate(pts, "max", seed=1)
    med = bootstrap.estimate(pts, "median", seed=1)
    assert mx.value == pytest.approx(max(p.ratio for p in pts)) and mx.at is pts[int(np.argmax([p.ratio for p in pts]))]
    assert med.value == pytest.approx(np.median([p.ratio for p in pts])) and med.at is None
    assert mx.low > med.high and mx.points == 3 and mx.n_text == "9 reps × 1 run; 3 points"


def test_unequal_process_run_counts_resample_each_side_alone():
    p = point([[1.0, 1.02], [0.98, 1.01], [1.0, 0.99]], [[1.2, 1.21]])
    e = bootstrap.estimate([p], "median", seed=1)
    assert e.runs == 1 and e.low <= e.value <= e.high
