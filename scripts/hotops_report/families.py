"""Per-family report configuration: the paper-style figures beyond the generic ones
(throughput vs size, roofline, tables), which every family gets."""
import importlib

SPEEDUP = {
    # family: subject algorithm, baselines (one panel each), bytes-moved bounds (out of cache)
    "softmax": {
        "subject": "two_pass",
        "baselines": ("three_pass_recompute", "three_pass_reload"),
        "bounds": {"three_pass_recompute": (16 / 12, "bytes bound 16/12 = 1.33×"),
                   "three_pass_reload": (20 / 12, "bytes bound 20/12 = 1.67×")},
    },
}


# family: module under hotops_report.figures with blocks(outdir, runs_by_machine, ceilings_by_machine),
# the family's own figures and tables, placed first in its section.
EXTRA_BLOCKS = {"shiftquant": "shiftquant"}


def extra_blocks(family, outdir, runs_by_machine, ceilings_by_machine):
    name = EXTRA_BLOCKS.get(family)
    if not name:
        return []
    module = importlib.import_module(f"{__package__}.figures.{name}")
    return module.blocks(outdir, runs_by_machine, ceilings_by_machine)
