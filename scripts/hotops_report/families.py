"""Per-family report configuration: the paper-style figures beyond the generic ones
(throughput vs size, roofline, tables), which every family gets."""
from . import attention, vq_logits
from .claims.softmax import THREE_PASS
from .figures import shiftquant

SPEEDUP = {
    # family: subject algorithm, baselines (one panel each); the bytes-moved bounds drawn on them come from
    # the runs' traffic models (traffic.figure_bounds)
    "softmax": {"subject": "two_pass", "baselines": THREE_PASS},
}

# family: its own report blocks (outdir, runs_by_machine, ceilings_by_machine) -> [blocks], in place of the
# generic throughput-vs-size figure, where one size axis does not describe the problems
BLOCKS = {"attention": attention.blocks, "shiftquant": shiftquant.blocks, "vq_logits": vq_logits.blocks}
