"""Per-benchmark verdicts.

Wall clock: Mann-Whitney U (scipy) over the repetition samples plus a minimum effect size on the
median ratio. Counters: exact ratio against a small threshold (deterministic simulated counts).
"""
import math
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.special import comb

IMPROVED, REGRESSED, UNCHANGED, NOISY = "improved", "regressed", "unchanged", "noisy"
VERDICTS = (REGRESSED, NOISY, IMPROVED, UNCHANGED)


@dataclass(frozen=True)
class WallClockConfig:
    threshold: float = 0.05   # minimum effect: |median ratio - 1|
    alpha: float = 0.05       # significance level of the two-sided U test
    max_cv: float = 0.10      # coefficient of variation above which "unchanged" cannot be claimed


@dataclass
class Verdict:
    verdict: str
    ratio: float              # candidate / baseline (> 1: slower or more)
    p_value: float = None
    reason: str = ""


def cv(samples):
    a = np.asarray(samples, dtype=float)
    return float(a.std(ddof=1) / a.mean()) if a.size > 1 and a.mean() > 0 else 0.0


def min_p_value(n, m):
    """Smallest two-sided p the exact U test can give for sample sizes n, m (no ties)."""
    return min(1.0, 2.0 / comb(n + m, n))


def u_test(base, cand):
    if len(base) < 1 or len(cand) < 1:
        return 1.0
    res = stats.mannwhitneyu(base, cand, alternative="two-sided")
    p = float(res.pvalue)
    return 1.0 if math.isnan(p) else p


def wall_clock(base, cand, cfg=WallClockConfig()):
    """Verdict for two lists of per-repetition times (seconds per call)."""
    ratio = float(np.median(cand) / np.median(base))
    p = u_test(base, cand)
    significant = p < cfg.alpha
    big = abs(ratio - 1.0) > cfg.threshold
    worst_cv = max(cv(base), cv(cand))
    direction = REGRESSED if ratio > 1 else IMPROVED
    if significant and big:
        note = f"; high cv {worst_cv:.2f}" if worst_cv > cfg.max_cv else ""
        return Verdict(direction, ratio, p, f"p={p:.3g} < {cfg.alpha}, |Δ| > {cfg.threshold:.0%}{note}")
    if significant:
        return Verdict(NOISY, ratio, p, f"significant (p={p:.3g}) but |Δ| ≤ {cfg.threshold:.0%}")
    if big:
        floor = min_p_value(len(base), len(cand))
        why = (f"too few repetitions ({len(base)}/{len(cand)}) for p < {cfg.alpha}" if floor >= cfg.alpha
               else f"|Δ| > {cfg.threshold:.0%} but not significant (p={p:.3g})")
        return Verdict(NOISY, ratio, p, why)
    if worst_cv > cfg.max_cv:
        return Verdict(NOISY, ratio, p, f"cv {worst_cv:.2f} > {cfg.max_cv}: cannot call it unchanged")
    return Verdict(UNCHANGED, ratio, p, "")


def exact(base, cand, threshold=0.01):
    """Verdict for two deterministic counts (e.g. simulated instructions per call)."""
    if base == 0:
        ratio = 1.0 if cand == 0 else math.inf
    else:
        ratio = cand / base
    if ratio > 1 + threshold:
        return Verdict(REGRESSED, ratio, None, f"+{ratio - 1:.2%} > {threshold:.1%}")
    if ratio < 1 - threshold:
        return Verdict(IMPROVED, ratio, None, f"{ratio - 1:.2%}")
    return Verdict(UNCHANGED, ratio, None, "")
