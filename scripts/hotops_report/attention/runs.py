"""Reading attention runs: problem options, per-head time, the products' flop count, peaks."""
from .. import ceilings as ceil

KINDS = ("softmax", "sigmoid", "softplus", "linear")
KIND_COLORS = {"softmax": "#1f77b4", "sigmoid": "#d62728", "softplus": "#2ca02c", "linear": "#9467bd"}


def opt(run, key, default=""):
    return str(run.options.get(key, default))


def kind(run):
    return opt(run, "kind", "softmax")


def causal(run):
    return opt(run, "causal", "false") == "true"


def direction(run):
    return opt(run, "dir", "fwd")


def pairs(run):
    """Visible (query, key) pairs per head: n·kv, or with the causal mask (bottom-right aligned) fewer."""
    n, nk = run.dims["n"], run.dims.get("kv", run.dims["n"])
    if not causal(run):
        return n * nk
    off = nk - n
    return sum(min(max(i + off + 1, 0), nk) for i in range(n))


def product_gflops(run):
    """The matrix products' rate, 4·d (backward 10·d) flops per visible pair and head: what a GEMM peak bounds."""
    per_pair = (10 if direction(run) == "bwd" else 4) * run.dims["d"]
    return per_pair * pairs(run) * run.dims.get("heads", 1) / run.median / 1e9


def per_head(run):
    return run.median / run.dims.get("heads", 1)


def ours(runs, **want):
    """ok attention runs (not peers unless asked) whose options/fields match: kind=, causal=, dir=, dtype=, isa=,
    algorithm=, d=."""
    out = []
    for r in runs:
        if not r.ok or r.family != "attention":
            continue
        fields = {"kind": kind(r), "causal": causal(r), "dir": direction(r), "dtype": r.dtype or "f32",
                  "isa": r.isa, "algorithm": r.algorithm, "variant": r.variant, "d": r.dims.get("d")}
        if all(fields[k] == v for k, v in want.items()):
            out.append(r)
    return out


def peak(ceilings, name, threads=1):
    """A measured compute peak (GFLOP/s) by name, e.g. "fp32 avx512f fma", at `threads`; None if absent."""
    best = None
    for r in ceil.entries(ceilings):
        if r.kind == "compute" and r.name == name and r.value and (r.threads in (threads, None)):
            best = r.value if best is None else max(best, r.value)
    return best
