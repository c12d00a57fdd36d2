"""Normalization claims (KERNELS.md §2). Runs are matched by family or algorithm name.

Only like-for-like comparisons carry a verdict: the same dtype on both sides. The papers' end-to-end or
GPU numbers (Pre-RMSNorm's 1-10 % of Transformer time, Unified Norm's 1.31x GPU inference) can at most
be "direction consistent (kernel level)" from a kernel ratio. Ratios across dtypes are context rows.
"""
from .model import RatioClaim, Select
from .registry import register

L1_PAPER = "2411.10948"
L1_CLAIM = "> 1.3554× (+35.54 % CPU throughput)"

register(
    RatioClaim(
        id="norm.l1_int8_vs_layernorm", families=("l1norm", "layernorm"), paper=L1_PAPER,
        text="fully quantized L1 norm vs L2 norm (LayerNorm), both int8: the statistics' cost alone",
        paper_value=1.3554, paper_text=L1_CLAIM, kind="speedup", row_dim="d",
        subject=Select(("l1norm",), dtype="int8"), baseline=Select(("layernorm",), dtype="int8"), pair_isa=False),
    RatioClaim(
        id="norm.l1_int8_vs_layernorm_f32", families=("l1norm", "layernorm"), paper=L1_PAPER,
        text="int8 L1 norm vs fp32 LayerNorm", paper_value=1.3554, paper_text=L1_CLAIM, kind="speedup",
        row_dim="d", subject=Select(("l1norm",), dtype="int8"), baseline=Select(("layernorm",), dtype="f32"),
        pair_isa=False, pair_dtype=False, context=True,
        note="different dtypes: int8 moves 4× fewer bytes than fp32, so this ratio says nothing about L1 vs L2"),
    RatioClaim(
        id="norm.l1_vs_layernorm_f32", families=("l1norm", "layernorm"), paper=L1_PAPER,
        text="L1 norm vs LayerNorm, both fp32", paper_value=1.3554, paper_text=L1_CLAIM, kind="speedup",
        row_dim="d", subject=Select(("l1norm",), dtype="f32"), baseline=Select(("layernorm",), dtype="f32"),
        pair_isa=False, context=True,
        note="the same statistics in fp32: not the paper's fully quantized layer"),
    RatioClaim(
        id="norm.rmsnorm_vs_layernorm", families=("rmsnorm", "layernorm"), paper="2305.14858",
        text="RMSNorm vs LayerNorm kernel (Pre-RMSNorm instead of Pre-LN)",
        paper_value=1.01, paper_text="1–10 % less Transformer time", kind="speedup", row_dim="d",
        subject=Select(("rmsnorm",)), baseline=Select(("layernorm",)), scope="end_to_end"),
    RatioClaim(
        id="norm.crmsnorm_vs_rmsnorm", families=("crmsnorm", "rmsnorm"), paper="2305.14858",
        text="CRMSNorm vs RMSNorm kernel (stores d−1 of d entries: 8(d−1)/d vs 8 bytes/elem)",
        paper_value=1.01, paper_text="Pre-CRMSNorm: a further saving over Pre-RMSNorm", kind="speedup",
        row_dim="d", subject=Select(("crmsnorm",)), baseline=Select(("rmsnorm",)), scope="end_to_end"),
    RatioClaim(
        id="norm.folded_vs_unfolded", families=("norm_linear",), paper="2208.01313",
        text="Unified Norm folded into the next Linear vs norm then Linear (inference, same oneDNN GEMM)",
        paper_value=1.31, paper_text="~1.31× faster inference than LayerNorm", kind="speedup", row_dim="d",
        subject=Select(("norm_linear",), variant_re=r"^folded"), baseline=Select(("norm_linear",),
                                                                                 variant_re=r"^unfolded"),
        pair_isa=False, scope="end_to_end", paper_device="gpu"),
)
