"""A published reproduction (report.py --publish): only results a reader can trace to a commit.

Every results file must come from a clean tree (context.git.dirty false) with a known commit;
the report then opens with where its numbers came from: machine, CPU, commit(s), the files and
the command that regenerates it.
"""
from pathlib import Path

from .document import Text
from .errors import InputError


def _git(f):
    return (f.doc.get("context") or {}).get("git") or {}


def check_publishable(files):
    for f in files:
        git = _git(f)
        commit = git.get("commit") or ""
        if git.get("dirty") is not False:
            raise InputError(f"{f.path}: measured from a dirty tree ({commit or 'unknown commit'} + local changes): "
                             "a published reproduction needs results of a clean commit")
        if not commit or commit == "unknown":
            raise InputError(f"{f.path}: no git commit recorded: a published reproduction must name its commit")


def _relative(path):
    p = Path(path).resolve()
    try:
        return str(p.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def with_provenance(doc, files, argv):
    machines = sorted({f.machine for f in files})
    cpus = sorted({(f.doc["context"].get("cpu") or {}).get("model", "?") for f in files})
    commits = sorted({_git(f)["commit"][:12] for f in files})
    dates = sorted(f.date for f in files)
    listed = ", ".join(f"`{_relative(f.path)}`" for f in files)
    command = "scripts/report.py " + " ".join(_relative(a) if Path(a).exists() else a for a in argv)
    doc.intro.insert(0, Text(
        f"Published reproduction: measured on **{', '.join(machines)}** ({'; '.join(cpus)}) from commit(s) "
        f"{', '.join(f'`{c}`' for c in commits)} (clean tree), {dates[0]} – {dates[-1]}. Results: {listed}. "
        f"Regenerate this page with `{command}`."))
    return doc
