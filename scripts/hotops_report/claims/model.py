"""Claim specifications: a paper's ratio between two selections of runs, checked on our data.

A claim is data: which runs are the subject (claimed faster) and which the baseline, in which regime
the paper measured, the paper's number and its scope. `check.py` evaluates it. A claim that compares
what the paper did not compare (other dtypes on the two sides) can only be a context row.
"""
import re
from dataclasses import dataclass, field

KINDS = ("speedup", "bound")
# row_out: every pass streams from memory (one row >= 4x the last-level cache); out / in: the run's cache
# label must hold up (see regime.py); "": any run whose label holds up.
REGIMES = ("row_out", "out", "in", "")
SCOPES = ("kernel", "end_to_end")
STATISTICS = ("max", "median")
DEVICE_KIND = {"cpu": "cpu", "cuda": "gpu", "gpu": "gpu"}    # run.device or paper_device -> kind of device


@dataclass(frozen=True)
class Select:
    """Runs whose family or algorithm is in `ops` (and whose other given fields match)."""
    ops: tuple
    variant_re: str = ""
    isa: str = ""
    dtype: str = ""
    device: str = ""

    def matches(self, run, check_status=True):
        if check_status and not run.ok:
            return False
        if run.is_peer:
            return False
        if run.family not in self.ops and run.algorithm not in self.ops:
            return False
        if self.variant_re and not re.search(self.variant_re, run.variant):
            return False
        if self.isa and run.isa != self.isa:
            return False
        if self.dtype and run.dtype != self.dtype:
            return False
        if self.device and run.device != self.device:
            return False
        return True

    def describe(self):
        parts = ["/".join(self.ops)]
        if self.variant_re:
            parts.append(f"variant~{self.variant_re}")
        parts += [x for x in (self.isa, self.dtype, self.device) if x]
        return " ".join(parts)


@dataclass(frozen=True)
class RatioClaim:
    """ratio = time(best baseline) / time(best subject) at matched problems (same dtype, cache, threads).

    kind "speedup": the paper says the subject is faster by paper_value ("up to 1.28x"); reproduced when the
      whole 95 % interval reaches 1 + (1 - gain_tolerance) * (paper_value - 1), partially when it lies between
      1 + min_gain and that. When the paper's scope is end to end or its device is not ours, the most a kernel
      ratio can be is "direction consistent (kernel level)".
    kind "bound": `bounds` are bytes-moved roofline bounds ((label, value), e.g. without and with write-allocate);
      only pairs where both sides are memory-bound count, and the interval must lie between 1 + min_gain and
      the largest bound (+ bound_tolerance).
    context: shown with its interval, never judged (e.g. a ratio across dtypes the paper did not compare).
    """
    id: str
    families: tuple
    paper: str
    text: str
    paper_value: float
    paper_text: str
    kind: str
    subject: Select
    baseline: Select
    regime: str = ""
    row_dim: str = "n"          # the problem dim that is one row (what one pass streams)
    pair_isa: bool = True       # compare subject and baseline of the same ISA only
    pair_dtype: bool = True     # ... and of the same dtype; only a context row may cross dtypes
    statistic: str = "median"   # over in-regime sizes: "max" for the paper's "up to", else "median"
    scope: str = "kernel"       # what the paper's number measured
    paper_device: str = "cpu"
    context: bool = False
    bounds: tuple = ()
    gain_tolerance: float = 0.10
    min_gain: float = 0.02
    bound_tolerance: float = 0.03
    memory_bound_min: float = 0.5   # kind "bound": traffic rate / memory ceiling each side must reach
    note: str = ""

    def __post_init__(self):
        for name, value, allowed in (("kind", self.kind, KINDS), ("regime", self.regime, REGIMES),
                                     ("scope", self.scope, SCOPES), ("statistic", self.statistic, STATISTICS)):
            if value not in allowed:
                raise ValueError(f"claim {self.id!r}: {name} {value!r} is not one of {allowed}")
        if self.kind == "bound" and not self.bounds:
            raise ValueError(f"claim {self.id!r}: a bound claim needs its bounds")
        if self.context:
            return
        crossed = [what for what, a, b in (("dtypes", self.subject.dtype, self.baseline.dtype),
                                           ("devices", self.subject.device, self.baseline.device))
                   if a and b and a != b]
        if not self.pair_dtype:
            crossed.append("dtypes (pair_dtype=False)")
        if crossed:
            raise ValueError(f"claim {self.id!r} compares across {', '.join(crossed)}: no verdict across dtypes or "
                             f"devices the paper did not compare; make it a context row (context=True)")

    def kernel_level_only(self, device="cpu"):
        """The paper's number is out of a kernel benchmark's reach: end to end, or measured on another kind of
        device than ours (`device`: run.device of the points)."""
        return self.scope != "kernel" or DEVICE_KIND.get(self.paper_device) != DEVICE_KIND.get(device)

    @property
    def scope_text(self):
        parts = [] if self.scope == "kernel" else ["end to end"]
        if self.paper_device != "cpu":
            parts.append(f"on {self.paper_device.upper()}")
        return ", ".join(parts)


@dataclass
class Point:
    """One matched problem: the best subject and baseline runs there (both from one results file)."""
    key: tuple
    subject: object     # records.Run
    baseline: object
    label: str          # problem and regime, for tables
    isa: str

    @property
    def ratio(self):
        return self.baseline.median / self.subject.median


@dataclass
class Outcome:
    verdict: str
    why: str
    points: list = field(default_factory=list)      # the points the verdict rests on
    excluded: list = field(default_factory=list)    # (label, reason) of points left out
    estimate: object = None                         # bootstrap.Estimate
    caveats: list = field(default_factory=list)
    regime: str = ""                                # what the claim's regime required, and the sizes used
