"""Claims of Dukhan & Ablavatski, "The Two-Pass Softmax Algorithm" (arXiv 2001.04438), KERNELS.md §1.

The paper's regime is out of cache: n up to 1e8, so each pass streams its row from memory. Only sizes
whose row is at least 4x the last-level cache count (regime "row_out"); ISAs are never mixed.
"""
from .model import RatioClaim, Select
from .registry import register

THREE_PASS = ("three_pass_recompute", "three_pass_reload")
SIMD_ISAS = ("avx2", "avx512f")


def _speedup(isa, value, pct):
    return RatioClaim(
        id=f"softmax.two_pass_vs_three_pass.{isa}", families=("softmax",), paper="2001.04438",
        text=f"two-pass beats three-pass ({isa.upper()}, out of cache; vs the faster three-pass variant at each n)",
        paper_value=value, paper_text=f"up to {value:.2f}× (+{pct} %, Skylake-X)", kind="speedup",
        subject=Select(("two_pass",), isa=isa), baseline=Select(THREE_PASS, isa=isa), regime="row_out",
        statistic="max")


def _bound(baseline, isa):
    # The bounds come from the variants' traffic models in the results (hotops_report/traffic.py) when the
    # claim is evaluated: 16/12 and 20/16 over recompute, 20/12 and 28/16 over reload (KERNELS.md §1).
    return RatioClaim(
        id=f"softmax.bytes_bound.{baseline}.{isa}", families=("softmax",), paper="2001.04438",
        text=f"roofline bound from bytes alone: two-pass over {baseline} ({isa.upper()}, memory-bound pairs only)",
        paper_value=0.0, paper_text="≤ the bytes-moved bound of the two variants' traffic, without and with "
                                    "write-allocate", kind="bound",
        subject=Select(("two_pass",), isa=isa), baseline=Select((baseline,), isa=isa), regime="row_out")


register(
    _speedup("avx512f", 1.28, 28),
    _speedup("avx2", 1.18, 18),
    *(_bound(base, isa) for base in THREE_PASS for isa in SIMD_ISAS),
)
