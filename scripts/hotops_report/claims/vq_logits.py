"""Claims of VQ-Logits (arXiv 2505.10202, KERNELS.md §5): "up to 6× faster logit computation".

"Logit computation" is the output layer from the hidden state to the distribution over V: the dense
layer (h·Wᵀ, then over V) against the paper's pipeline (h·Cᵀ, the gather of code logits over V, then
over V) — our `gather` path, from=hidden, out=logprob, at each T, V, d and dtype we ran both. The
dense problems run at one K (a dense layer has no codebook), so pairs form at that K. The paper states
neither its hardware nor its sizes (T, V, K, d): no ratio of ours can reproduce its number, only point
the same way. Our fused form (README of the family: our derivation, not the paper's) has no paper claim:
its ratios are context rows.
"""
from .model import UNSTATED, RatioClaim, Select
from .registry import register

PAPER = "2505.10202"
FROM_H = (("from", "hidden"), ("out", "logprob"))
HEAD = (("from", "logits"), ("out", "logprob"))
DENSE = Select(("dense", "dense_matmul"), options=FROM_H)

register(
    RatioClaim(
        id="vq_logits.logit_computation", families=("vq_logits",), paper=PAPER,
        text="codebook + gather over V vs the dense output layer, from h (log-probabilities; one thread, weights "
             "streamed from memory)",
        paper_value=6.0, paper_text="up to 6× faster logit computation", kind="speedup",
        subject=Select(("gather", "gather_matmul"), options=FROM_H), baseline=DENSE, regime="out",
        row_dim="vocab", match_options=True, free=("layer",), statistic="max", paper_device=UNSTATED,
        note="on one core the ratio follows V/K (W vs C bytes at T = 1, flops at large T) while the V-wide "
             "gather and log-sum-exp stay small next to the K-wide product; the family README says which of "
             "our sizes give a ratio near 6×"),
    RatioClaim(
        id="vq_logits.fused_vs_dense", families=("vq_logits",), paper=PAPER,
        text="fused (our derivation: log-sum-exp over K with log n_j) vs the dense output layer, from h",
        paper_value=6.0, paper_text="no claim (our derivation)", kind="speedup",
        subject=Select(("fused", "fused_matmul"), options=FROM_H), baseline=DENSE, regime="out", row_dim="vocab",
        match_options=True, free=("layer",), statistic="max", context=True,
        note="our fused form is not in the paper: shown for orientation"),
    RatioClaim(
        id="vq_logits.fused_vs_gather_head", families=("vq_logits",), paper=PAPER,
        text="the head alone (code logits given): fused over K vs gather over V then log-sum-exp over V",
        paper_value=10.0, paper_text="no claim (our goal: ≥ 10× at V = 128k, K = 1024, T = 1)", kind="speedup",
        subject=Select(("fused",), options=HEAD), baseline=Select(("gather",), options=HEAD), row_dim="vocab",
        match_options=True,
        statistic="median", context=True,
        note="the V-wide work the fused form removes; the code-logit GEMM, shared by both, is not in it"),
)
