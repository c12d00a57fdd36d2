"""Pluggable claim checkers: each family module registers its papers' claims as data."""
from . import norm, shiftquant, softmax  # noqa: F401  (registration side effects)
from .check import evaluate
from .registry import all_claims, claims_for, register

__all__ = ["evaluate", "all_claims", "claims_for", "register", "norm", "shiftquant", "softmax"]
