"""Find, parse and validate results files; return them as ResultFile objects.

RESULTS arguments are files or directories (results/<machine>/); a directory contributes every
`*.json` directly inside it except Google Benchmark's `*.gbench.json` and `ceilings.json`.
"""
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .records import Run
from .schema import validate

SKIPPED_NAMES = ("ceilings.json",)


@dataclass
class ResultFile:
    path: Path
    doc: dict
    runs: list = field(default_factory=list)

    @property
    def machine(self):
        return self.doc["context"]["machine"]

    @property
    def date(self):
        return self.doc["context"]["date"]


def _is_result_name(p):
    return p.suffix == ".json" and not p.name.endswith(".gbench.json") and p.name not in SKIPPED_NAMES


def discover(args):
    """Expand RESULTS arguments into a sorted, de-duplicated list of files."""
    if not args:
        raise InputError("no RESULTS given")
    files = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.is_file() and _is_result_name(q))
            if not found:
                subs = sorted(q.name for q in p.iterdir() if q.is_dir() and any(map(_is_result_name, q.glob("*.json"))))
                hint = f" (pass its machine directories instead: {', '.join(subs)})" if subs else ""
                raise InputError(f"{p}: directory contains no results files (*.json){hint}")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"{p}: no such file or directory")
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _reject_constant(name):
    raise ValueError(f"non-standard JSON constant {name}")


def load_file(path):
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{path}: file is empty")
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as e:
        raise InputError(f"{path}: corrupt JSON: {e}") from None
    return result_file(doc, path)


def result_file(doc, path):
    """A parsed results document as a ResultFile, validated; raises InputError naming `path`."""
    validate(doc, path)
    rf = ResultFile(path=Path(path), doc=doc)
    rf.runs = [Run(raw=r, machine=rf.machine, source=rf.path, date=rf.date) for r in doc["runs"]]
    for r in rf.runs:
        _check_run(r, path)
    return rf


def _check_run(run, path):
    """Semantic checks the schema cannot express."""
    t = run.raw.get("time")
    if run.ok and t:
        for s in t["samples"]:
            if not math.isfinite(s):
                raise InputError(f"{path}: {run.label}: non-finite time sample")
        if not t["p20"] <= t["median"] <= t["p80"]:
            raise InputError(f"{path}: {run.label}: time quantiles out of order (p20 <= median <= p80 violated)")
        groups = t.get("process_samples")
        if groups and sorted(x for g in groups for x in g) != sorted(t["samples"]):
            raise InputError(f"{path}: {run.label}: time.process_samples are not a split of time.samples")


def load(args):
    """Load every results file named by args; raise InputError on the first bad one."""
    files = [load_file(p) for p in discover(args)]
    if not any(f.runs for f in files):
        raise InputError("results contain no runs: " + ", ".join(str(f.path) for f in files))
    return files


def latest_runs(files):
    """All runs, keeping only the newest result per (machine, identity); returns (runs, superseded)."""
    best = {}
    for f in sorted(files, key=lambda f: (f.date, str(f.path))):
        for r in f.runs:
            best[(r.machine, r.identity)] = r
    total = sum(len(f.runs) for f in files)
    return list(best.values()), total - len(best)
