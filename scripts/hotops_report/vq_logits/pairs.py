"""Codebook runs against dense-layer runs of vq_logits. A dense layer has no K nor map: its problem carries
one K, which pairing ignores, so each codebook run (any K) meets the dense run of its T, V, d, dtype,
source (from), output, cache and thread count. On each side the fastest variant of the path counts."""
from ..claims.model import Point

CODEBOOK_KEYS = ("codes", "map", "map_dtype", "layer")
PATHS = {"dense": ("dense", "dense_matmul"), "gather": ("gather", "gather_matmul"), "fused": ("fused", "fused_matmul")}


def path_of(run):
    """dense, gather or fused (the oneDNN peer is none of ours)."""
    return next((p for p, algs in PATHS.items() if run.algorithm in algs), None) if not run.is_peer else None


def problem(run):
    """The problem without its codebook keys, as a dict, plus cache and threads."""
    kv = {k: v for k, v in {**run.dims, **run.options}.items() if k not in CODEBOOK_KEYS}
    return {**kv, "cache": run.cache, "threads": run.threads}


def _key(d):
    return tuple(sorted(d.items()))


def fastest(runs, path, where=lambda r: True):
    """{(problem key, K, map, map_dtype): run} of the fastest ok run of `path` (K etc. None for dense)."""
    best = {}
    for r in runs:
        if not (r.ok and path_of(r) == path and where(r)):
            continue
        book = (None, None, None) if path == "dense" else (r.dims.get("codes"), r.options.get("map"),
                                                             r.options.get("map_dtype"))
        k = (_key(problem(r)),) + book
        if k not in best or r.median < best[k].median:
            best[k] = r
    return best


def over_dense(runs, path, where=lambda r: True):
    """Points (subject = the codebook path's fastest run, baseline = the dense layer's) per problem and K."""
    dense = {k[0]: r for k, r in fastest(runs, "dense", where).items()}
    out = []
    for k, r in sorted(fastest(runs, path, where).items(), key=lambda kv: repr(kv[0])):
        if k[0] in dense:
            out.append(Point(key=k, subject=r, baseline=dense[k[0]], label=r.raw["problem"]["repro"],
                             isa=f"{r.isa} vs {dense[k[0]].isa}"))
    return out
