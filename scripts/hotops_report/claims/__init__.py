"""Pluggable claim checkers: each family module registers its papers' claims as data."""
from . import norm, softmax  # noqa: F401  (registration side effects)
from .check import evaluate
from .registry import all_claims, claims_for, register
from .setting import of_files as settings_of

__all__ = ["evaluate", "all_claims", "claims_for", "register", "settings_of", "norm", "softmax"]
