"""Claims of Guo et al., "Towards Accurate and Efficient Sub-8-Bit Integer Training" (arXiv 2411.10948),
on the shiftquant family (kernels/shiftquant/README.md: our reading)."""
from .model import RatioClaim, Select
from .registry import register

FAMILY = ("shiftquant",)


def _vs_fp16(dtype, note):
    return RatioClaim(
        id=f"shiftquant.step_vs_fp16.{dtype}", families=FAMILY, paper="2411.10948",
        text=f"ShiftQuant training step ({dtype}, g=128) vs the FP16 counterpart (fp16 storage, F16C, f32 FMA; no "
             f"fp16 arithmetic on this CPU), Linear layer Y, dX, dW at matched shapes",
        paper_value=1.85, paper_text="> 1.85× (CPU prototype)", kind="speedup", statistic="median",
        scope="end_to_end",  # the paper's number is its prototype's training throughput, not one layer's step
        subject=Select(("step_shift",), dtype=dtype), baseline=Select(("step_f16",)),
        pair_isa=False, pair_dtype=False, cross_dtype="the paper compares its integer training to FP16", note=note)


def _gemm(baseline, label):
    return RatioClaim(
        id=f"shiftquant.gemm_vs_{baseline}", families=FAMILY, paper="2411.10948",
        text=f"ShiftQuant GEMM (power-of-two groups, shift-combined int32 partials) vs float-scale groups {label}, "
             f"same width and g, same ISA",
        paper_value=1.0, paper_text="faster: no rearrangement, no float multiply per group (no number given)",
        kind="speedup", statistic="median", scope="qualitative", subject=Select(("gemm_shift",)),
        baseline=Select((baseline,)), note="direction only: the paper gives no kernel-level number")


register(
    _vs_fp16("int4", "the paper's 4-bit setting (ResNets)"),
    _vs_fp16("int6", "the paper's 6-bit setting (Transformers)"),
    _vs_fp16("int8", "8-bit, for comparison"),
    _gemm("gemm_fmagroup", "with an f32 FMA per group partial in the K loop"),
    _gemm("gemm_rearranged", "by rearrangement (one GEMM per group, f32 combine)"),
)
