"""Quantization error of the ShiftQuant family's quantizers (kernels/shiftquant/quantize.h): relative
MSE against the fp64 values and against the best float-scale group quantizer of the same group size
and width, on synthetic tensors. The quantizers here follow the C++ definitions bit for bit (checked
on tests/data/shiftquant_golden.json, as the C++ reference quantizers are); the table is a property
of the scheme, computed by the report rather than measured by a suite.
"""
import numpy as np

MAX_SPREAD = 15  # gemm::kMaxShiftSpread
MIN_EXP, MAX_EXP = -126, 127


def qmax(bits):
    return (1 << (bits - 1)) - 1


def _fmix32(h):
    h = h.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def sr_key(seed, stream):
    m = lambda v: int(_fmix32(np.array([v & 0xFFFFFFFF], dtype=np.uint64))[0])  # noqa: E731
    return m((seed & 0xFFFFFFFF) ^ m(((seed >> 32) & 0xFFFFFFFF) ^ m((stream + 0x9E3779B9) & 0xFFFFFFFF)))


def _pow2_exponent(amax, q):
    """Smallest e in [MIN_EXP, MAX_EXP] with amax <= q·2^e (MIN_EXP for amax = 0), elementwise."""
    amax = amax.astype(np.float64)
    _, e2 = np.frexp(amax)
    e = (e2 - 1) - (int(q).bit_length() - 1)
    e = np.where(amax > np.ldexp(float(q), e), e + 1, e)
    return np.where(amax > 0, np.clip(e, MIN_EXP, MAX_EXP), MIN_EXP).astype(np.int64)


def _lines(x, along):
    """The matrix as lines along the quantized direction: rows for 'rows', columns for 'cols'."""
    return x if along == "rows" else x.T


def quantize(x, bits, scale, group, stochastic=False, seed=0, stream=0, along="rows"):
    """(codes, exps or None, scales or None) of a float32 rows×cols matrix, laid out as the C++ code
    lays them out: exps / scales [rows][groups] (along rows) or [groups][cols] (along cols)."""
    x = np.asarray(x, dtype=np.float32)
    rows, cols = x.shape
    q = qmax(bits)
    lines = _lines(x, along)
    n_lines, length = lines.shape
    gs = length if scale == "row" else group
    ng = max(1, -(-length // gs))
    pad = ng * gs - length
    blocks = np.pad(np.abs(lines), ((0, 0), (0, pad))).reshape(n_lines, ng, gs)
    amax = blocks.max(axis=2)  # exact float32 maxima
    if scale == "pow2":
        e = _pow2_exponent(amax, q)
        e = np.maximum(e, e.max(axis=1, keepdims=True) - MAX_SPREAD)
        inv = np.ldexp(np.float32(1), -e).astype(np.float32)
        s_out = None
    else:
        with np.errstate(divide="ignore", over="ignore"):
            inv = np.where(amax > 0, np.float32(q) / amax, np.float32(0)).astype(np.float32)
        inv = np.where(np.isinf(inv), np.float32(0), inv).astype(np.float32)
        s_out = np.where(inv > 0, amax / np.float32(q), np.float32(0)).astype(np.float32)
        e = None
    inv_el = np.repeat(inv, gs, axis=1)[:, :length]
    if not stochastic:
        t = (lines * inv_el).astype(np.float32)
        codes = np.rint(t.astype(np.float64))
    else:
        index = np.arange(rows * cols, dtype=np.uint64).reshape(rows, cols)
        h = _fmix32((index + np.uint64(sr_key(seed, stream))) & np.uint64(0xFFFFFFFF))
        u = ((h >> np.uint32(8)).astype(np.float32) * np.float32(2.0 ** -24))
        u = _lines(u, along)
        # fma(x, inv, u) rounded once to float32: x·inv is exact in float64 (two 24-bit factors)
        t = (lines.astype(np.float64) * inv_el.astype(np.float64) + u.astype(np.float64)).astype(np.float32)
        codes = np.floor(t.astype(np.float64))
    codes = np.clip(codes, -q, q).astype(np.int64)
    codes = codes if along == "rows" else codes.T
    if along == "cols":
        e = None if e is None else e.T
        s_out = None if s_out is None else s_out.T
    return codes, e, s_out


def dequantize(codes, exps, scales, scale, group, along="rows"):
    rows, cols = codes.shape
    length = cols if along == "rows" else rows
    gs = length if scale == "row" else group
    per = exps if exps is not None else scales
    per = per if along == "rows" else per.T  # [line][group]
    factor = np.ldexp(1.0, per) if exps is not None else per.astype(np.float64)
    factor = np.repeat(factor, gs, axis=1)[:, :length]
    values = _lines(codes, along).astype(np.float64) * factor
    return values if along == "rows" else values.T


def relative_mse(x, xq):
    x = np.asarray(x, dtype=np.float64)
    return float(np.sum((xq - x) ** 2) / np.sum(x ** 2))


def best_float(x, bits, group, alphas=np.linspace(1.0, 0.5, 51)):
    """The best float-scale group quantizer: per group the clipping s = α·amax/qmax (α searched in
    [0.5, 1]) that minimises the group's squared error, round to nearest."""
    x = np.asarray(x, dtype=np.float64)
    rows, cols = x.shape
    q = qmax(bits)
    ng = -(-cols // group)
    blocks = np.pad(x, ((0, 0), (0, ng * group - cols))).reshape(rows, ng, group)
    amax = np.abs(blocks).max(axis=2, keepdims=True)
    best_err = np.full(amax.shape, np.inf)
    best = np.zeros_like(blocks)
    for a in alphas:
        s = np.where(amax > 0, a * amax / q, 1.0)
        deq = np.clip(np.rint(blocks / s), -q, q) * s
        err = ((deq - blocks) ** 2).sum(axis=2, keepdims=True)
        take = err < best_err
        best_err = np.where(take, err, best_err)
        best = np.where(take, deq, best)
    return best.reshape(rows, ng * group)[:, :cols]


def synthetic(kind, rows, cols, group, rng):
    x = rng.standard_normal((rows, cols)).astype(np.float32)
    if kind == "outliers":  # one ±1000…2000 per group of a row (inputs.h)
        for c0 in range(0, cols, group):
            c = c0 + rng.integers(0, min(group, cols - c0), size=rows)
            x[np.arange(rows), c] = rng.choice([-1.0, 1.0], size=rows) * rng.uniform(1000, 2000, size=rows)
    elif kind == "heavy":  # Student t with 3 degrees of freedom: heavy-tailed activations / gradients
        x = rng.standard_t(3, size=(rows, cols)).astype(np.float32)
    return x


def error_table(rows=256, cols=1024, seed=2411, kinds=("normal", "heavy", "outliers"), bits=(8, 6, 4),
                groups=(32, 64, 128)):
    """One row per (distribution, bits, g): relative MSE of each quantizer, and ShiftQuant's over the best."""
    rng = np.random.default_rng(seed)
    out = []
    for kind in kinds:
        for g in groups:
            x = synthetic(kind, rows, cols, g, rng)
            for b in bits:
                def err(scale, stochastic=False):
                    c, e, s = quantize(x, b, scale, g, stochastic=stochastic, seed=seed, stream=1)
                    return relative_mse(x, dequantize(c, e, s, scale, g))
                row = {"input": kind, "bits": b, "group": g, "pow2": err("pow2"), "pow2_sr": err("pow2", True),
                       "float": err("float"), "best": relative_mse(x, best_float(x, b, g)), "row": err("row")}
                row["pow2_over_best"] = row["pow2"] / row["best"]
                out.append(row)
    return out
