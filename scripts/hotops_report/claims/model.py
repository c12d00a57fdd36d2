"""Claim specifications: a paper's ratio between two selections of runs, checked on our data.

A claim is data: which runs are the subject (claimed faster) and which the baseline, where to
measure (cache, ISA pairing), the paper's number, and how to judge. `check.py` evaluates it.
"""
import re
from dataclasses import dataclass, field

VERDICT_REPRODUCED = "reproduced"
VERDICT_PARTIAL = "partially reproduced"
VERDICT_NOT = "not reproduced"
VERDICT_NOT_MEASURABLE = "not measurable here"
VERDICT_NO_DATA = "no data"


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
    """ratio = time(best baseline) / time(best subject) at matched problems.

    kind "at_least": the paper says the subject is faster by paper_value (e.g. "up to 1.28x");
      reproduced when our statistic reaches 1 + (1 - gain_tolerance) * (paper_value - 1),
      partially when the subject is at least min_gain faster but short of that.
    kind "at_most": paper_value is an upper bound (e.g. a bytes-moved roofline bound);
      reproduced when our max ratio stays <= paper_value * (1 + bound_tolerance).
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
    cache: str = ""             # "out" | "in" | "" (any)
    pair_isa: bool = True       # compare subject and baseline of the same ISA only
    pair_dtype: bool = True     # ... and of the same dtype (problem.options.dtype)
    statistic: str = "max"      # "max" | "median" over matched sizes: what the verdict judges
    gain_tolerance: float = 0.10
    min_gain: float = 0.02
    bound_tolerance: float = 0.03
    paper_device: str = "cpu"
    note: str = ""


@dataclass
class Point:
    key: tuple
    ratio: float
    low: float
    high: float
    isa: str
    subject: str
    baseline: str
    label: str


@dataclass
class Outcome:
    verdict: str
    why: str
    points: list = field(default_factory=list)
    max: float = None
    median: float = None
    at: Point = None

    @property
    def ours_text(self):
        if self.max is None:
            return "—"
        at = self.at
        return (f"max {self.max:.2f}× [{at.low:.2f}–{at.high:.2f}] at {at.label} ({at.isa}); "
                f"median {self.median:.2f}× over {len(self.points)} sizes")
