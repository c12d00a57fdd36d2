"""Verdict rules: the claim and the bootstrap interval of our ratio -> (verdict, reason).

An interval that straddles a threshold gives "inconclusive"; only an interval wholly on one side of it
decides. The thresholds are the claim's (see model.RatioClaim).
"""
from .verdicts import CONSISTENT_WITH_BOUND, DIRECTION, INCONCLUSIVE, NOT_REPRODUCED, PARTIAL, REPRODUCED


def _ci(e):
    return f"95 % CI [{e.low:.3f}–{e.high:.3f}]"


def _straddles(e, *thresholds):
    hit = [t for t in thresholds if e.low < t <= e.high]
    return INCONCLUSIVE, f"{_ci(e)} straddles {hit[0]:.3f}×: the data cannot tell which side it is on"


def speedup(claim, e):
    target = 1 + (1 - claim.gain_tolerance) * (claim.paper_value - 1)
    gain = 1 + claim.min_gain
    if e.low >= target:
        return REPRODUCED, f"{_ci(e)} ≥ {target:.3f}× ({100 * (1 - claim.gain_tolerance):.0f} % of the paper's gain)"
    if e.high < gain:
        return NOT_REPRODUCED, f"{_ci(e)} < {gain:.3f}×: no gain of at least {100 * claim.min_gain:.0f} %"
    if e.low >= gain and e.high < target:
        return PARTIAL, f"faster ({_ci(e)} ≥ {gain:.3f}×) but short of {target:.3f}× " \
                        f"(paper {claim.paper_value:.2f}×)"
    return _straddles(e, gain, target)


def direction(claim, e):
    """The paper's number is end to end or on another device: a kernel ratio can only show the direction."""
    out_of_reach = f"the paper's \"{claim.paper_text}\" ({claim.scope_text}) is beyond what a kernel ratio can test"
    if e.low > 1:
        return DIRECTION, f"the subject is faster at kernel level ({_ci(e)} > 1); {out_of_reach}"
    if e.high < 1:
        return NOT_REPRODUCED, f"the subject is slower at kernel level ({_ci(e)} < 1); {out_of_reach}"
    return _straddles(e, 1.0)


def bound(claim, e):
    """Both sides memory-bound (check.py enforces it): the gain must show and stay under the bytes bound."""
    top = max(v for _, v in claim.bounds)
    limit, gain = top * (1 + claim.bound_tolerance), 1 + claim.min_gain
    shares = ", ".join(f"{100 * (e.value - 1) / (v - 1):.0f} % of the possible gain {label} ({v:.3f}×)"
                       for label, v in claim.bounds)
    if e.low > limit:
        return NOT_REPRODUCED, f"{_ci(e)} exceeds even the largest bound {top:.3f}×: timing or the traffic model " \
                               f"is suspect"
    if e.high < gain:
        return NOT_REPRODUCED, f"{_ci(e)} < {gain:.3f}× although both sides are memory-bound: the byte saving " \
                               f"does not show"
    if e.low >= gain and e.high <= limit:
        return CONSISTENT_WITH_BOUND, f"{_ci(e)} lies between {gain:.3f}× and the bound: {shares}"
    return _straddles(e, gain, limit)


def judge(claim, e, device="cpu"):
    """device: where our points ran (run.device)."""
    if claim.kind == "bound":
        return bound(claim, e)
    if claim.kernel_level_only(device):
        return direction(claim, e)
    return speedup(claim, e)
