"""Normalization claims (KERNELS.md §2). Families are matched by family or algorithm name, so both
one-family-per-norm (`layernorm`, `rmsnorm`, ...) and a shared `norm` family with algorithms work."""
from .model import RatioClaim, Select
from .registry import register

FOLDABLE = ("unifiednorm", "unified_norm", "un", "batchnorm", "norm")

register(
    RatioClaim(
        id="norm.l1_int8_vs_layernorm", families=("l1norm", "layernorm", "norm"), paper="2411.10948",
        text="fully quantized L1 norm vs L2 norm (LayerNorm), both on int8 inputs: the statistics' cost alone",
        paper_value=1.3554, paper_text="> 1.3554× (+35.54 % CPU throughput)", kind="at_least",
        subject=Select(("l1norm", "l1"), dtype="int8"), baseline=Select(("layernorm",), dtype="int8"),
        pair_isa=False),
    RatioClaim(
        id="norm.l1_int8_vs_layernorm_f32", families=("l1norm", "layernorm", "norm"), paper="2411.10948",
        text="fully quantized (int8) L1 norm vs fp32 LayerNorm (includes 4× fewer input bytes)",
        paper_value=1.3554, paper_text="> 1.3554× (+35.54 % CPU throughput)", kind="at_least",
        subject=Select(("l1norm", "l1"), dtype="int8"), baseline=Select(("layernorm",), dtype="f32"),
        pair_isa=False, pair_dtype=False),
    RatioClaim(
        id="norm.rmsnorm_vs_layernorm", families=("rmsnorm", "layernorm", "norm"), paper="2305.14858",
        text="RMSNorm vs LayerNorm kernel (paper: Pre-RMSNorm cuts Pre-LN Transformer time; kernel-level here)",
        paper_value=1.01, paper_text="1–10 % less time (end to end)", kind="at_least", statistic="median",
        subject=Select(("rmsnorm",)), baseline=Select(("layernorm",)), min_gain=0.01,
        note="the paper's number is end-to-end; a kernel ratio can only show the direction"),
    RatioClaim(
        id="norm.crmsnorm_vs_rmsnorm", families=("crmsnorm", "rmsnorm", "norm"), paper="2305.14858",
        text="CRMSNorm vs RMSNorm kernel (stores d−1 of d entries: ≤ d/(d−1)× fewer bytes)",
        paper_value=1.0, paper_text="no slower (8(d−1)/d vs 8 bytes/elem)", kind="at_least", statistic="median",
        subject=Select(("crmsnorm",)), baseline=Select(("rmsnorm",)), gain_tolerance=0.0, min_gain=0.0),
    RatioClaim(
        id="norm.folded_vs_unfolded", families=FOLDABLE, paper="Yang et al. 2022",
        text="Unified Norm folded into the next Linear vs unfolded normalization (inference)",
        paper_value=1.31, paper_text="~1.31× faster inference (GPU)", kind="at_least",
        subject=Select(FOLDABLE, variant_re=r"(^|_)folded"), baseline=Select(FOLDABLE, variant_re=r"unfolded"),
        paper_device="gpu"),
)
