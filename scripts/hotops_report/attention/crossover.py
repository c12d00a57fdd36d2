"""Where linear attention (O(n·d²)) overtakes softmax attention (O(n²·d)): the crossover n, interpolated on
log-log axes between the measured sizes where the time ratio crosses 1."""
import math

from . import runs as R


def crossover(linear, softmax):
    """linear, softmax: {n: per-head seconds}. Returns (n*, text): n* None when no crossing was measured."""
    common = sorted(set(linear) & set(softmax))
    if len(common) < 2:
        return None, "fewer than two common sizes"
    ratio = [(n, softmax[n] / linear[n]) for n in common]   # > 1: linear faster
    for (n0, r0), (n1, r1) in zip(ratio, ratio[1:]):
        if r0 < 1 <= r1:
            t = (0 - math.log(r0)) / (math.log(r1) - math.log(r0))
            x = math.exp(math.log(n0) + t * (math.log(n1) - math.log(n0)))
            return x, f"n ≈ {x:.0f} (between {n0} and {n1})"
    if ratio[0][1] >= 1:
        return None, f"linear faster at every n measured (from n = {ratio[0][0]}, {ratio[0][1]:.2f}×)"
    return None, f"softmax faster at every n measured (up to n = {ratio[-1][0]}, linear at {ratio[-1][1]:.2f}×)"


def series(runs, kind, d, is_causal, heads=None):
    """{n: per-head time} of the fastest f32 forward run of `kind` (linear variants for linear, flash else)."""
    alg = "linear" if kind == "linear" else "flash"
    out = {}
    for r in R.ours(runs, kind=kind, d=d, causal=is_causal, dir="fwd", dtype="f32", algorithm=alg):
        if heads is not None and r.dims.get("heads", 1) != heads:
            continue
        n = r.dims["n"]
        out[n] = min(out.get(n, float("inf")), R.per_head(r))
    return out


def rows(runs):
    """[(d, causal, n*, text)] for every (d, causal) with both kinds measured."""
    out = []
    keys = sorted({(r.dims.get("d"), R.causal(r)) for r in R.ours(runs, kind="linear")})
    for d, c in keys:
        x, text = crossover(series(runs, "linear", d, c), series(runs, "softmax", d, c))
        out.append((d, c, x, text))
    return out
