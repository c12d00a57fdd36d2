"""One array task, on its node: check the source is the one submitted, measure the node's
ceilings if missing (or stale), run the suite with the shared build, record the outcome in
tasks/<target>.json. The driver pins itself (hwloc) exactly as on one machine."""
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

from .run import Run, describe_source, source_identity, utc_now


class Stopped(Exception):
    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop(signum, _frame):
    raise Stopped(signum)


def _stream(cmd, log=sys.stdout):
    """Run cmd, copying its output to the job log; returns (rc, output lines)."""
    lines = []
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in child.stdout:
            log.write(line)
            log.flush()
            lines.append(line.rstrip("\n"))
        return child.wait(), lines
    except BaseException:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
        raise


def run_task(run_dir, key):
    run = Run(run_dir)
    doc = run.load()
    env = os.environ
    job = (f"{env['SLURM_ARRAY_JOB_ID']}_{env['SLURM_ARRAY_TASK_ID']}" if "SLURM_ARRAY_JOB_ID" in env
           else env.get("SLURM_JOB_ID", "local"))
    node = env.get("SLURMD_NODENAME") or socket.gethostname().split(".")[0]
    machine = re.sub(r"[^A-Za-z0-9_-]", "_", node)
    record = {"target": key, "job": job, "node": node, "machine": machine, "state": "running",
              "phase": "start", "started": utc_now()}

    def save(**changes):
        record.update(changes)
        run.write_task(key, record)

    save()
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
        signal.signal(s, _stop)
    build, results = Path(doc["build"]), Path(doc["results"])
    try:
        here = source_identity(doc["source"])
        if (here["commit"], here["diff_sha256"]) != (doc["source_id"]["commit"], doc["source_id"]["diff_sha256"]):
            save(state="failed", finished=utc_now(),
                 detail=f"refused: the source is now {describe_source(here)}, the run was submitted from "
                        f"{describe_source(doc['source_id'])} (results of different commits are not mixed)")
            return 2
        if doc["ceilings"] != "skip":
            save(phase="ceilings")
            # --allow-busy: a node shared with other jobs still gets ceilings; the file records the
            # load and the report flags it, where refusing would fail the task for another's load.
            cmd = [str(build / "measure" / "hotops-ceilings"), "--out", str(results / machine / "ceilings.json"),
                   "--allow-busy"]
            rc, _ = _stream(cmd + (["--quick"] if doc["ceilings"] == "quick" else []))
            if rc != 0:
                save(state="failed", finished=utc_now(), detail=f"hotops-ceilings exited {rc}")
                return 1
        save(phase=f"run {doc['suite']}")
        rc, lines = _stream([str(build / "hotops-bench"), "run", doc["suite"], "--out", str(results),
                             "--machine", machine, "--counters", doc["counters"]])
        found = [ln.split("hotops: results ", 1)[1] for ln in lines if ln.startswith("hotops: results ")]
        if rc not in (0, 3) or not found:   # 3: results written, some variants failed correctness
            save(state="failed", finished=utc_now(), detail=f"hotops-bench exited {rc}"
                 + ("" if found else " without writing results"))
            return rc or 1
        save(state="ok", finished=utc_now(), result=str(Path(found[-1]).resolve()),
             detail="some variants failed correctness (see the report)" if rc == 3 else "")
        return 0
    except OSError as e:   # e.g. the build is not on this node's filesystem
        save(state="failed", finished=utc_now(), detail=f"during {record['phase']}: {e}")
        return 1
    except Stopped as e:
        save(state="cancelled", finished=utc_now(),
             detail=f"stopped by {e} during {record['phase']} (scancel, time limit or node shutdown)")
        return 128 + e.signum
