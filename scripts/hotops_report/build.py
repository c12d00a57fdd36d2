"""Assemble the report Document (figures are written into outdir as a side effect)."""
from . import claims as claim_registry
from .ceilings import machine_ceilings
from .dims import x_dim
from .document import Document, Section, Table, Text
from .families import SPEEDUP
from .figures.roofline import roofline_figure
from .figures.speedup import speedup_figure
from .figures.throughput import throughput_figure
from .loader import latest_runs
from . import tables


def _by(items, key):
    out = {}
    for it in items:
        out.setdefault(key(it), []).append(it)
    return out


def _family_section(outdir, family, runs_by_machine, ceilings_by_machine):
    runs = [r for rs in runs_by_machine.values() for r in rs]
    xdim = x_dim([r for r in runs if r.ok]) or x_dim(runs)
    blocks = []
    spec = SPEEDUP.get(family)
    if spec and xdim:
        fig = speedup_figure(outdir, family, runs_by_machine, xdim, spec["subject"], spec["baselines"],
                             spec["bounds"])
        if fig:
            blocks.append(fig)
    if xdim:
        fig = throughput_figure(outdir, family, runs_by_machine, xdim)
        if fig:
            blocks.append(fig)
    fig = roofline_figure(outdir, f"{family}_roofline", f"{family}: roofline", runs_by_machine,
                          ceilings_by_machine)
    if fig:
        blocks.append(fig)
    if not any(r.ok for r in runs):
        blocks.append(Text("No successful runs of this family: nothing to plot."))
    for t in (tables.peers_table(runs_by_machine, xdim), tables.ceiling_pct_table(runs_by_machine),
              tables.status_table(runs_by_machine)):
        if t and (not isinstance(t, Table) or t.rows):
            blocks.append(t)
    return Section(id=f"family-{family}", title=f"Family: {family}", blocks=blocks)


def build(files, outdir, title="hotops report"):
    runs, superseded = latest_runs(files)
    files_by_machine = _by(files, lambda f: f.machine)
    machines = sorted(files_by_machine)
    contexts = {m: max(fs, key=lambda f: (f.date, str(f.path))).doc["context"] for m, fs in files_by_machine.items()}
    ceilings_by_machine = machine_ceilings(files)
    families = sorted({r.family for r in runs})
    by_family = {fam: {m: [r for r in runs if r.family == fam and r.machine == m] for m in machines}
                 for fam in families}
    runs_by_machine = {m: [r for r in runs if r.machine == m] for m in machines}

    n_ok = sum(r.ok for r in runs)
    intro = [Text(f"{len(files)} results file(s) from {len(machines)} machine(s) ({', '.join(machines)}); "
                  f"{len(runs)} benchmarks, {n_ok} ok, {len(runs) - n_ok} skipped or failed; families: "
                  f"{', '.join(families)}."
                  + (f" {superseded} older result(s) of the same benchmark superseded by newer files." if superseded
                     else ""))]

    claims = claim_registry.claims_for(families)
    settings = claim_registry.settings_of(files, ceilings_by_machine)
    outcomes = {c.id: claim_registry.evaluate(c, runs_by_machine, contexts, settings) for c in claims}
    claim_blocks = [t for t in (tables.claims_table(claims, outcomes), tables.conditions_text(outcomes),
                                tables.claim_context_table(claims, outcomes), tables.exclusions_table(claims, outcomes))
                    if t]
    claims_section = Section(id="claims", title="Claims", blocks=claim_blocks if claims else
                             [Text("No registered claims for these families.")])

    family_sections = [_family_section(outdir, fam, by_family[fam], ceilings_by_machine) for fam in families]

    machine_blocks = [tables.context_table(files_by_machine), tables.ceilings_table(ceilings_by_machine)]
    fig = roofline_figure(outdir, "all_roofline", "all families: roofline", runs_by_machine, ceilings_by_machine,
                          color_by="family") if len(families) > 1 else None
    if fig:
        machine_blocks.append(fig)
    machines_section = Section(id="machines", title="Machines and ceilings", blocks=machine_blocks)
    return Document(title=title, intro=intro, sections=[claims_section] + family_sections + [machines_section])

