"""A fleet run on disk: <results>/fleet/<run>/ holds fleet.json (what was asked, from which
source, which jobs were submitted), tasks/<target>.json (what each array task reported) and
logs/. Every file is written atomically, so a task killed mid-write leaves the old file."""
import datetime
import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hotops_report.errors import InputError
from hotops_report.outdir import write_text

FLEET_VERSION = 1


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_json(path, doc):
    write_text(path, json.dumps(doc, indent=1, sort_keys=True) + "\n")


def read_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: unreadable: {e}") from None


@dataclass(frozen=True)
class Target:
    """Where one array task runs: a node name (--nodelist) or a node feature (--constraint)."""
    kind: str       # "node" | "feature"
    value: str

    @property
    def key(self):
        return f"{self.kind}-{re.sub(r'[^A-Za-z0-9_.-]', '_', self.value)}"

    def to_json(self):
        return {"kind": self.kind, "value": self.value}


def source_identity(src):
    """The commit the shared build comes from, and a hash of uncommitted changes to tracked
    files (the driver records commit + dirty the same way: tracked files only)."""
    def git(*args):
        r = subprocess.run(["git", "-C", str(src), *args], capture_output=True)
        return r.stdout if r.returncode == 0 else None
    commit = (git("rev-parse", "HEAD") or b"unknown").decode().strip()
    diff = git("diff", "HEAD", "--binary") or b""
    return {"commit": commit, "dirty": bool(diff),
            "diff_sha256": hashlib.sha256(diff).hexdigest() if diff else None}


def describe_source(s):
    return s["commit"][:12] + (f" + uncommitted changes {s['diff_sha256'][:12]}" if s.get("dirty") else "")


class Run:
    """fleet.json and the task files of one run directory."""

    def __init__(self, run_dir):
        self.dir = Path(run_dir)
        self.manifest_path = self.dir / "fleet.json"

    def exists(self):
        return self.manifest_path.is_file()

    def load(self):
        doc = read_json(self.manifest_path)
        if doc is None:
            raise InputError(f"{self.dir}: not a fleet run (no fleet.json)")
        if doc.get("fleet_version") != FLEET_VERSION:
            raise InputError(f"{self.manifest_path}: fleet_version {doc.get('fleet_version')!r}, "
                             f"this tool reads {FLEET_VERSION}")
        return doc

    def save(self, doc):
        write_json(self.manifest_path, doc)

    def task_path(self, key):
        return self.dir / "tasks" / f"{key}.json"

    def task(self, key):
        return read_json(self.task_path(key))

    def write_task(self, key, doc):
        write_json(self.task_path(key), doc)

    @staticmethod
    def targets(doc):
        return [Target(t["kind"], t["value"]) for t in doc["targets"]]

    @staticmethod
    def latest_job(doc, key):
        """The Slurm job id (ARRAY_TASK form, e.g. 1234_0) of the newest submission of key."""
        for sub in reversed(doc.get("submissions", [])):
            for index, k in sub["tasks"].items():
                if k == key:
                    return f"{sub['array_job']}_{index}"
        return None
