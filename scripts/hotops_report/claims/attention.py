"""Attention claims (KERNELS.md §4): sigmoid vs softmax flash kernels (2409.04431), linear vs softmax
attention (2006.16236), softplus attention's stability without max subtraction (2501.13428).

The sigmoid and linear claims compare kinds of the one attention family: the same variant (or linear vs
flash) on problems that differ only in `kind` (match_options, free=("kind",)), every other option — n, d, heads,
causal, direction, dtype — matched. The kernels are compute-bound (regime "compute"). The papers measured
on GPUs (FlashSigmoid: H100), so a CPU kernel ratio can at most be "direction consistent (kernel level)".
"""
import math
from dataclasses import dataclass

from .model import Outcome, RatioClaim, Select
from .registry import register
from .verdicts import NOT_MEASURABLE, NOT_REPRODUCED, REPRODUCED

SIGMOID = "2409.04431"
F32_EXP_OVERFLOW = math.log(3.4028234663852886e38)   # e^x overflows f32 beyond x = 88.72


def _flash(kind, causal, direction, dtype):
    return Select(("flash",), dtype=dtype, options=(("kind", kind), ("causal", causal), ("dir", direction)))


def _sigmoid(direction, causal, dtype, value, text):
    mask = "causal" if causal == "true" else "full"
    return RatioClaim(
        id=f"attention.sigmoid_vs_softmax.{direction}.{mask}.{dtype}", families=("attention",), paper=SIGMOID,
        text=f"FlashSigmoid vs flash softmax attention, {'forward' if direction == 'fwd' else 'backward'}, {mask} "
             f"attention, {dtype} (same flash loop; sigmoid needs no row max, sum, rescale or division)",
        paper_value=value, paper_text=text, kind="speedup",
        subject=_flash("sigmoid", causal, direction, dtype), baseline=_flash("softmax", causal, direction, dtype),
        match_options=True, free=("kind",), regime="compute", paper_device="gpu", note="per ISA, at every n, d, heads measured")


register(
    _sigmoid("fwd", "false", "f32", 1.174, "+17.4 % (H100, full attention, inference)"),
    _sigmoid("fwd", "true", "f32", 1.188, "+18.8 % (H100, causal, inference)"),
    _sigmoid("fwd", "false", "bf16", 1.174, "+17.4 % (H100, full attention, inference)"),
    _sigmoid("bwd", "false", "f32", 1.027, "+2.7 % (H100, full attention, backward)"),
    _sigmoid("bwd", "true", "f32", 1.062, "+6.2 % (H100, causal, backward)"),
    RatioClaim(
        id="attention.linear_vs_softmax", families=("attention",), paper="2006.16236",
        text="linear attention (φ = elu + 1, O(n·d²)) vs flash softmax attention (O(n²·d)): faster for long "
             "sequences — the crossover n is in the attention section",
        paper_value=1.0, paper_text="linear in n; faster than softmax beyond a crossover length (GPU)",
        kind="speedup", subject=Select(("linear",), options=(("kind", "linear"),)),
        baseline=Select(("flash",), options=(("kind", "softmax"),)), match_options=True, free=("kind",), regime="compute",
        statistic="max", paper_device="gpu", note="the largest ratio over the n measured"),
)


@dataclass(frozen=True)
class StabilityClaim:
    """A numerical property, not a ratio: softplus attention's f32 outputs stay finite and pass the fp64 check
    at logits where exp without a max subtraction overflows f32 (x > 88.7). Judged from the check every suite
    run passes before it is timed; the logits' size follows from the problem (normal input: q, k uniform in
    (−1, 1), so a score s·L·q·k has standard deviation s·L·√d / 3)."""
    id: str = "attention.softplus_stable"
    families: tuple = ("attention",)
    paper: str = "2501.13428"
    text: str = ("softplus attention needs no max subtraction: f32 weights softplus(s·log n·q·k), L1-normalised, "
                 "at logits beyond exp's f32 range")
    paper_text: str = "numerically stable without max subtraction"
    scope_text: str = ""
    note: str = ""
    context: bool = False
    pair_dtype: bool = True
    kind: str = "property"

    @staticmethod
    def logit_std(run):
        o, dims = run.options, run.dims
        d, n = dims.get("d"), dims.get("kv", dims.get("n"))
        if not d or not n:
            return 0.0
        scale = float(o["scale"]) if "scale" in o else 1 / math.sqrt(d)
        length = float(o["length_scale"]) if "length_scale" in o else math.log(n)
        return abs(scale * length) * math.sqrt(d) / 3

    def evaluate_machine(self, runs):
        need = f"scores of standard deviation > {F32_EXP_OVERFLOW:.1f} (e^x overflows f32 beyond)"
        big = [r for r in runs if r.family == "attention" and r.options.get("kind") == "softplus"
               and self.logit_std(r) > F32_EXP_OVERFLOW and r.raw.get("correctness")]
        if not big:
            return Outcome(NOT_MEASURABLE, f"no softplus run with {need} in these results", regime=need)
        failed = [r for r in big if not r.raw["correctness"].get("passed")]
        worst = max(self.logit_std(r) for r in big)
        used = f"{len(big)} run(s), score std up to {worst:.0f}"
        if failed:
            return Outcome(NOT_REPRODUCED, f"{len(failed)} of {len(big)} failed the fp64 check: "
                           f"{failed[0].variant} {failed[0].raw['problem']['repro']}: {failed[0].status}",
                           regime=f"{need}; used: {used}")
        return Outcome(REPRODUCED, f"every one of {used}, passed the fp64 check (finite, within tolerance) where "
                       f"exp(score) alone would be e^{3 * worst:.0f} ≫ f32's largest, e^{F32_EXP_OVERFLOW:.1f}",
                       regime=f"{need}; used: {used}")


register(StabilityClaim())
