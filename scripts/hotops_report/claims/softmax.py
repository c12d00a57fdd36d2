"""Claims of Dukhan & Ablavatski, "The Two-Pass Softmax Algorithm" (arXiv 2001.04438), KERNELS.md §1."""
from .model import RatioClaim, Select
from .registry import register

THREE_PASS = ("three_pass_recompute", "three_pass_reload")


def _speedup(isa, value, pct):
    return RatioClaim(
        id=f"softmax.two_pass_vs_three_pass.{isa}", families=("softmax",), paper="2001.04438",
        text=f"two-pass beats three-pass ({isa.upper()}, out of cache; vs the faster three-pass variant at each n)",
        paper_value=value, paper_text=f"up to {value:.2f}× (+{pct} %, Skylake-X)", kind="at_least",
        subject=Select(("two_pass",), isa=isa), baseline=Select(THREE_PASS, isa=isa), cache="out")


def _bound(baseline, value, frac):
    return RatioClaim(
        id=f"softmax.bytes_bound.{baseline}", families=("softmax",), paper="2001.04438",
        text=f"roofline bound from bytes alone: two-pass over {baseline} (out of cache, any ISA)",
        paper_value=value, paper_text=f"≤ {frac} = {value:.2f}×", kind="at_most",
        subject=Select(("two_pass",)), baseline=Select((baseline,)), cache="out")


register(
    _speedup("avx512f", 1.28, 28),
    _speedup("avx2", 1.18, 18),
    _bound("three_pass_recompute", 16 / 12, "16/12"),
    _bound("three_pass_reload", 20 / 12, "20/12"),
)
