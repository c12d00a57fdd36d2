"""Bootstrap confidence intervals on time ratios, hierarchical over process runs and repetitions.

A point's ratio is median(baseline samples) / median(subject samples). One resample draws the process
runs with replacement (the same runs for subject and baseline: they were measured in the same
processes), then each drawn run's repetitions with replacement, and takes the ratio of the pooled
medians. With one process run this is the ordinary two-sample percentile bootstrap (the tests check it
against scipy.stats.bootstrap). A claim's statistic over several points (max or median of the per-point
ratios) is resampled jointly, so its interval carries every size's noise.
"""
import zlib
from dataclasses import dataclass

import numpy as np

from ..units import pct

RESAMPLES = 10000
LEVEL = 0.95


@dataclass
class Estimate:
    value: float            # the statistic on the data
    low: float              # LEVEL percentile interval
    high: float
    statistic: str          # "max" | "median" (over points)
    at: object              # the point where the max is reached (or the single point)
    runs: int               # fewest process runs of any point
    reps: int               # fewest repetitions per process run of any point and side
    points: int             # matched problems: sizes (× ISAs when the claim pairs ISAs)

    @property
    def interval_text(self):
        return f"{self.value:.3f}× [{self.low:.3f}–{self.high:.3f}]"

    @property
    def n_text(self):
        points = f"; {self.points} points" if self.points > 1 else ""
        return f"{self.reps} reps × {self.runs} run{'s' if self.runs > 1 else ''}{points}"

    @property
    def method_text(self):
        over = f"{self.statistic} over points of the " if self.points > 1 else ""
        how = "runs, then repetitions" if self.runs > 1 else "repetitions; one process run"
        return f"{over}median-time ratio; {pct(LEVEL)} percentile bootstrap ({RESAMPLES} resamples of {how})"


def seed_of(*key):
    """A reproducible seed from a key, so a report renders the same intervals every time."""
    return zlib.crc32(repr(key).encode())


def _pooled_medians(groups, picks, rng):
    """Median of each resample: picks[b] lists the process runs drawn; each run's samples are redrawn."""
    b, r = picks.shape
    width = max(len(g) for g in groups)
    drawn = np.full((b, r, width), np.nan)
    for i, g in enumerate(groups):
        chosen = picks == i
        k = int(chosen.sum())
        if k:
            drawn[chosen, :len(g)] = g[rng.integers(0, len(g), size=(k, len(g)))]
    return np.nanmedian(drawn.reshape(b, -1), axis=1)


def ratio_resamples(subject_groups, baseline_groups, rng, resamples=RESAMPLES):
    """Resampled median(baseline) / median(subject); the groups are per-process-run sample arrays."""
    s = [np.asarray(g, dtype=float) for g in subject_groups]
    b = [np.asarray(g, dtype=float) for g in baseline_groups]
    ps = rng.integers(0, len(s), size=(resamples, len(s)))
    pb = ps if len(b) == len(s) else rng.integers(0, len(b), size=(resamples, len(b)))
    return _pooled_medians(b, pb, rng) / _pooled_medians(s, ps, rng)


def estimate(points, statistic, seed, resamples=RESAMPLES):
    """Estimate of `statistic` ("max" or "median") of the points' ratios, with its bootstrap interval."""
    rng = np.random.default_rng(seed)
    per_point = np.vstack([ratio_resamples(p.subject.process_samples, p.baseline.process_samples, rng, resamples)
                           for p in points])
    agg = np.max if statistic == "max" else np.median
    ratios = [p.ratio for p in points]
    low, high = np.percentile(agg(per_point, axis=0), [50 * (1 - LEVEL), 50 * (1 + LEVEL)])
    at = points[int(np.argmax(ratios))] if statistic == "max" or len(points) == 1 else None
    runs = min(min(len(p.subject.process_samples), len(p.baseline.process_samples)) for p in points)
    reps = min(len(g) for p in points for g in p.subject.process_samples + p.baseline.process_samples)
    return Estimate(value=float(agg(ratios)), low=float(low), high=float(high), statistic=statistic, at=at,
                    runs=runs, reps=reps, points=len(points))


def point_interval(point, seed):
    """(low, high) of one point's ratio, for figures."""
    e = estimate([point], "max", seed)
    return e.low, e.high
