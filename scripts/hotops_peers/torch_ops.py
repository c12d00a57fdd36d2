"""PyTorch's kernels for hotops families, on CUDA, each with a float64 check (METHOD.md: normwise relative error
‖y − r‖₂ / ‖r‖₂ against the same inputs upcast, fresh random inputs, never zeros).

make(torch, family, dims, options) -> Op, or raises Unsupported with the reason."""
from dataclasses import dataclass
from typing import Callable

TOLERANCE = {"f32": 1e-5, "bf16": 1e-2}   # normwise; bf16 outputs round at 2^-9 each
METRIC = "normwise relative error ‖y − r‖₂ / ‖r‖₂ against torch float64 on the same inputs"


class Unsupported(Exception):
    pass


@dataclass
class Op:
    variant: str       # hotops variant name of the peer, e.g. "torch__cuda"
    call: Callable     # one call, on the current stream, no host synchronisation
    check: Callable    # -> (error, tolerance)


def _normwise(torch, y, ref):
    y = y.double()
    return float(torch.linalg.vector_norm(y - ref) / torch.linalg.vector_norm(ref))


def _dtype(torch, options):
    name = options.get("dtype", "f32")
    table = {"f32": torch.float32, "bf16": torch.bfloat16}
    if name not in table:
        raise Unsupported(f"dtype {name} has no PyTorch counterpart here")
    return name, table[name]


def softmax(torch, dims, options):
    name, dt = _dtype(torch, options)
    x = (torch.rand(dims["rows"], dims["n"], device="cuda", dtype=torch.float32) * 2000 - 1000).to(dt)  # the paper's
    return Op(variant_of("softmax"), lambda: torch.softmax(x, dim=-1),
              lambda: (_normwise(torch, torch.softmax(x, dim=-1), torch.softmax(x.double(), dim=-1)), TOLERANCE[name]))


def _norm_inputs(torch, dims, options):
    name, dt = _dtype(torch, options)
    x = torch.randn(dims["rows"], dims["d"], device="cuda", dtype=dt)
    w = torch.randn(dims["d"], device="cuda", dtype=dt)
    b = torch.randn(dims["d"], device="cuda", dtype=dt)
    return name, x, w, b


def layernorm(torch, dims, options):
    name, x, w, b = _norm_inputs(torch, dims, options)
    f = torch.nn.functional.layer_norm
    d = (dims["d"],)
    return Op(variant_of("layernorm"), lambda: f(x, d, w, b, 1e-5),
              lambda: (_normwise(torch, f(x, d, w, b, 1e-5), f(x.double(), d, w.double(), b.double(), 1e-5)),
                       TOLERANCE[name]))


def rmsnorm(torch, dims, options):
    f = getattr(torch.nn.functional, "rms_norm", None)
    if f is None:
        raise Unsupported(f"torch {torch.__version__} has no torch.nn.functional.rms_norm (2.4+)")
    name, x, w, _ = _norm_inputs(torch, dims, options)
    d = (dims["d"],)
    return Op(variant_of("rmsnorm"), lambda: f(x, d, w, 1e-6),
              lambda: (_normwise(torch, f(x, d, w, 1e-6), f(x.double(), d, w.double(), 1e-6)), TOLERANCE[name]))


def _attention_reference(torch, q, k, v, causal, scale):
    """float64, one head at a time (the n × n scores of every head at once would not fit)."""
    out = torch.empty(q.shape, dtype=torch.float64, device=q.device)
    n = q.shape[-2]
    mask = torch.ones(n, n, dtype=torch.bool, device=q.device).tril() if causal else None
    for h in range(q.shape[1]):
        s = (q[0, h].double() @ k[0, h].double().T) * scale
        if mask is not None:
            s = s.masked_fill(~mask, float("-inf"))
        out[0, h] = torch.softmax(s, dim=-1) @ v[0, h].double()
    return out


def attention(torch, dims, options):
    if options.get("kind", "softmax") != "softmax" or options.get("dir", "fwd") != "fwd":
        raise Unsupported("PyTorch's flash attention is softmax attention, forward here")
    try:
        from torch.nn.attention import SDPBackend, sdpa_kernel
    except ImportError:
        raise Unsupported(f"torch {torch.__version__} has no torch.nn.attention.sdpa_kernel") from None
    name, dt = _dtype(torch, options)
    shape = (1, dims["heads"], dims["n"], dims["d"])
    q, k, v = (torch.randn(shape, device="cuda", dtype=dt) for _ in range(3))
    causal = options.get("causal") in ("true", "1", True)
    scale = float(options["scale"]) if "scale" in options else dims["d"] ** -0.5

    def call():
        with sdpa_kernel([SDPBackend.FLASH_ATTENTION]):
            return torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=causal, scale=scale)
    try:
        call()
    except RuntimeError as e:
        raise Unsupported(f"no flash kernel for this problem: {str(e).splitlines()[0]}") from None
    return Op(variant_of("attention"), call,
              lambda: (_normwise(torch, call(), _attention_reference(torch, q, k, v, causal, scale)),
                       TOLERANCE[name]))


FAMILIES = {"softmax": softmax, "layernorm": layernorm, "rmsnorm": rmsnorm, "attention": attention}


def variant_of(family):
    """The peer's variant name in results: PyTorch's own kernel, on CUDA (flash attention by its backend)."""
    return "torch_flash__cuda" if family == "attention" else "torch__cuda"


def make(torch, family, dims, options):
    if family not in FAMILIES:
        raise Unsupported(f"no PyTorch counterpart for family {family}")
    return FAMILIES[family](torch, dims, options)
