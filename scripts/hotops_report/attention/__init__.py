"""The attention family's report section (KERNELS.md §4): time vs n per kind with the linear/softmax
crossover, flash vs materialized vs the oneDNN-composed peer on the FMA roof, and the speed goals."""
from .section import blocks

__all__ = ["blocks"]
