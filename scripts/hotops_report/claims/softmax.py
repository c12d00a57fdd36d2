"""Claims of Dukhan & Ablavatski, "The Two-Pass Softmax Algorithm" (arXiv 2001.04438), KERNELS.md §1.

The paper's regime is out of cache: n up to 1e8, so each pass streams its row from memory. Only sizes
whose row is at least 4x the last-level cache count (regime "row_out"); ISAs are never mixed.
"""
from .model import RatioClaim, Select
from .registry import register

THREE_PASS = ("three_pass_recompute", "three_pass_reload")
SIMD_ISAS = ("avx2", "avx512f")
# KERNELS.md §1: bytes per element (read, written), fp32, out of cache, write-allocate reads not counted.
BYTES = {"two_pass": (8, 4), "three_pass_recompute": (12, 4), "three_pass_reload": (12, 8)}


def moved(alg, write_allocate):
    """Bytes per element; with write-allocate (ordinary, allocating stores) each written line is read first."""
    r, w = BYTES[alg]
    return r + w * (2 if write_allocate else 1)


def bytes_bound(subject, baseline, write_allocate):
    """time(baseline) / time(subject) when both stream at one bandwidth."""
    return moved(baseline, write_allocate) / moved(subject, write_allocate)


def bound_label(subject, baseline, write_allocate):
    """e.g. "16/12 = 1.33× without write-allocate"."""
    return f"{moved(baseline, write_allocate)}/{moved(subject, write_allocate)} = " \
           f"{bytes_bound(subject, baseline, write_allocate):.2f}× {'with' if write_allocate else 'without'} " \
           f"write-allocate"


def _speedup(isa, value, pct):
    return RatioClaim(
        id=f"softmax.two_pass_vs_three_pass.{isa}", families=("softmax",), paper="2001.04438",
        text=f"two-pass beats three-pass ({isa.upper()}, out of cache; vs the faster three-pass variant at each n)",
        paper_value=value, paper_text=f"up to {value:.2f}× (+{pct} %, Skylake-X)", kind="speedup",
        subject=Select(("two_pass",), isa=isa), baseline=Select(THREE_PASS, isa=isa), regime="row_out",
        statistic="max")


def _bound(baseline, isa):
    b = tuple((f"{'with' if wa else 'without'} write-allocate", bytes_bound("two_pass", baseline, wa))
              for wa in (False, True))
    text = " / ".join(bound_label("two_pass", baseline, wa) for wa in (False, True))
    return RatioClaim(
        id=f"softmax.bytes_bound.{baseline}.{isa}", families=("softmax",), paper="2001.04438",
        text=f"roofline bound from bytes alone: two-pass over {baseline} ({isa.upper()}, memory-bound pairs only)",
        paper_value=b[0][1], paper_text=f"≤ {text}", kind="bound",
        subject=Select(("two_pass",), isa=isa), baseline=Select((baseline,), isa=isa), regime="row_out",
        bounds=b)


register(
    _speedup("avx512f", 1.28, 28),
    _speedup("avx2", 1.18, 18),
    *(_bound(base, isa) for base in THREE_PASS for isa in SIMD_ISAS),
)
