"""Time summaries as hotops-bench writes them (measure/stats.cpp: quantiles by linear interpolation)."""
import statistics


def _quantile(xs, q):
    pos = q * (len(xs) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (pos - lo) * (xs[hi] - xs[lo])


def time_summary(samples):
    """The results schema's `time` object from per-call seconds, one per repetition."""
    if not samples:
        raise ValueError("no samples")
    xs = sorted(samples)
    mean = statistics.fmean(xs)
    sd = statistics.stdev(xs) if len(xs) > 1 else 0.0
    return {"unit": "s", "median": _quantile(xs, 0.5), "p20": _quantile(xs, 0.2), "p80": _quantile(xs, 0.8),
            "mean": mean, "min": xs[0], "stddev": sd, "cv": sd / mean if mean > 0 else 0.0,
            "repetitions": len(xs), "samples": list(samples)}
