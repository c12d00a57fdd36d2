"""The multi-machine report of a fleet run: the usual hotops report of every result the run
produced, led by a "Fleet" section that names each target's node, job and outcome — failed,
timed-out or lost nodes included — and labels results whose commit is not the run's."""
from hotops_report.build import build
from hotops_report.document import Document, Section, Table, Text
from hotops_report.errors import InputError
from hotops_report.loader import load_file
from hotops_report.report_cli import write_report

from .run import describe_source


def _commit_cell(result_file, source_id):
    git = result_file.doc["context"].get("git") or {}
    commit = git.get("commit", "unknown")
    cell = commit[:12] + (" (dirty)" if git.get("dirty") else "")
    if commit != source_id["commit"] or bool(git.get("dirty")) != bool(source_id.get("dirty")):
        return cell + f" — MISMATCH: the run is {describe_source(source_id)}", True
    return cell, False


def fleet_rows(outcomes, source_id):
    """(rows, loaded result files, mismatched targets, unreadable targets)."""
    rows, files, mismatched, unreadable = [], [], [], []
    for o in outcomes:
        status, detail, commit, result = o.status, o.detail, "—", "—"
        if o.ok:
            try:
                rf = load_file(o.result)
            except InputError as e:
                status, detail = "failed", f"result unreadable: {e}"
                unreadable.append(o.target.key)
            else:
                files.append(rf)
                commit, bad = _commit_cell(rf, source_id)
                result = o.result.name
                if bad:
                    mismatched.append(o.target.key)
        rows.append([o.target.key, o.job or "—", o.node or "—", o.machine or "—", status, detail or "—", commit,
                     result])
    return rows, files, mismatched, unreadable


def fleet_section(doc, outcomes):
    rows, files, mismatched, unreadable = fleet_rows(outcomes, doc["source_id"])
    n_ok = sum(r[4] == "ok" for r in rows)
    bad = [f"{r[0]} ({r[4]})" for r in rows if r[4] != "ok"]
    blocks = [Text(f"Fleet run `{doc['run']}`: suite `{doc['suite']}` from {describe_source(doc['source_id'])}; "
                   f"{len(rows)} target(s), {n_ok} with results."
                   + (f" Without results: {', '.join(bad)}." if bad else ""))]
    if mismatched:
        blocks.append(Text(f"WARNING: results of {', '.join(mismatched)} come from a different source than the run "
                           f"({describe_source(doc['source_id'])}); compare them with care."))
    blocks.append(Table("Targets", ["target", "Slurm job", "node", "machine", "status", "detail", "commit",
                                    "result"], rows))
    return Section(id="fleet", title="Fleet", blocks=blocks), files, len(rows) - n_ok


def render(doc, outcomes, out):
    """Write the report to `out`; returns the number of targets without results."""
    section, files, n_bad = fleet_section(doc, outcomes)
    title = f"hotops fleet report: {doc['run']}"

    def make(tmp):
        if not files:
            return Document(title=title, intro=[Text("No target produced results.")], sections=[section])
        report = build(files, tmp, title=title)
        report.sections.insert(0, section)
        return report

    write_report(out, make)
    return n_bad
