"""Report pieces of the vq_logits family (arXiv 2505.10202): the speedup of the codebook paths over the
dense layer vs K and T, the dense layer's roofline, and the family's goals table."""
from .figures import dense_roofline, speedup_figure
from .goals import goals_table


def blocks(outdir, runs_by_machine, ceilings_by_machine):
    out = [speedup_figure(outdir, runs_by_machine), dense_roofline(outdir, runs_by_machine, ceilings_by_machine),
           goals_table(runs_by_machine, ceilings_by_machine)]
    return [b for b in out if b]
