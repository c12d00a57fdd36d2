"""Match a claim's subject and baseline runs at the same problem: one Point per problem."""
from ..dims import fmt_size
from .model import Point


def key(run, claim):
    """Problems at which subject and baseline are compared; the ISA, when paired, is the last element."""
    dims = tuple(sorted(run.dims.items()))
    return (dims, run.cache, run.threads) + ((run.dtype,) if claim.pair_dtype else ()) + \
        ((run.isa,) if claim.pair_isa else ())


def problem_label(run):
    dims = ",".join(f"{k}={fmt_size(v)}" for k, v in sorted(run.dims.items()))
    dtype = f",{run.dtype}" if run.dtype and run.dtype != "f32" else ""
    return f"{dims}{dtype} {run.cache}" + (f" t={run.threads}" if run.threads != 1 else "")


def _fastest(runs, claim):
    best = {}
    for r in runs:
        k = key(r, claim)
        if k not in best or r.median < best[k].median:
            best[k] = r
    return best


def match(claim, runs):
    """Points for one machine's runs: at each problem, the fastest subject and the fastest baseline."""
    subj = _fastest([r for r in runs if claim.subject.matches(r)], claim)
    base = _fastest([r for r in runs if claim.baseline.matches(r)], claim)
    out = []
    for k in sorted(set(subj) & set(base), key=lambda k: (k[0], repr(k[1:]))):   # sizes in numeric order
        s, b = subj[k], base[k]
        out.append(Point(key=k, subject=s, baseline=b, label=problem_label(s),
                         isa=s.isa if claim.pair_isa else f"{s.isa} vs {b.isa}"))
    return out


def same_file(point):
    """Subject and baseline were measured side by side, in one process (set) writing one results file."""
    return point.subject.source == point.baseline.source
