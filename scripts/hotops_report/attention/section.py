"""Blocks of the attention family's section, added to the generic ones (roofline, peers, % of ceiling)."""
from ..document import Table
from . import crossover, figures, goals


def crossover_table(runs_by_machine):
    rows = [[m, str(d), "causal" if c else "full", text]
            for m, runs in sorted(runs_by_machine.items()) for d, c, _, text in crossover.rows(runs)]
    return Table("Linear vs softmax attention: the crossover n", ["machine", "d", "mask", "crossover"], rows,
                 "Per head, f32 forward: where the O(n·d²) linear kernel overtakes the O(n²·d) flash softmax "
                 "kernel (times interpolated on log-log axes between measured n).") if rows else None


def blocks(outdir, runs_by_machine, ceilings_by_machine):
    out = [figures.time_vs_n_figure(outdir, runs_by_machine), crossover_table(runs_by_machine),
           figures.gflops_figure(outdir, runs_by_machine, ceilings_by_machine),
           goals.table(runs_by_machine, ceilings_by_machine)]
    return [b for b in out if b]
