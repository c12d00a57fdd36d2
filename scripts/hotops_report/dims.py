"""Problem-size helpers shared by figures and tables."""
from collections import Counter


def x_dim(runs):
    """The problem dimension that varies most across runs (the x axis of size sweeps)."""
    values = {}
    for r in runs:
        for k, v in r.dims.items():
            values.setdefault(k, set()).add(v)
    if not values:
        return None
    counts = Counter({k: len(v) for k, v in values.items()})
    return max(sorted(counts), key=lambda k: counts[k])


def other_dims(run, xdim):
    return tuple(sorted((k, v) for k, v in run.dims.items() if k != xdim))


def fmt_dims(dims):
    return ",".join(f"{k}={fmt_size(v)}" for k, v in dims)


def fmt_size(v):
    """1000 -> 1e3 style for decades, else plain."""
    if not isinstance(v, (int, float)):
        return str(v)
    if v >= 1000 and float(v).is_integer():
        s = f"{v:.0e}".replace("e+0", "e").replace("e+", "e")
        return s if float(s) == v else f"{int(v)}"
    return f"{v:g}"
