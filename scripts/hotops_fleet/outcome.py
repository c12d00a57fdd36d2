"""What became of each target: the task's own record (tasks/<key>.json) read together with
Slurm's state of its newest job. A task can only record what it lived to see; Slurm knows
the rest (time limit, cancel, node failure)."""
from dataclasses import dataclass
from pathlib import Path

from .run import Run

# Slurm's final states, in words for the report.
FINAL_WORDS = {"TIMEOUT": "timed out", "CANCELLED": "cancelled", "NODE_FAIL": "node failed",
               "OUT_OF_MEMORY": "out of memory", "FAILED": "failed", "BOOT_FAIL": "node failed to boot",
               "PREEMPTED": "preempted", "DEADLINE": "missed its deadline"}


@dataclass
class Outcome:
    target: object
    status: str                 # ok | failed | timed out | cancelled | node failed | pending | running | ...
    detail: str = ""
    job: str = ""
    node: str = ""
    machine: str = ""
    result: Path = None
    in_flight: bool = False

    @property
    def ok(self):
        return self.status == "ok"

    @property
    def missing(self):
        """To be resubmitted: neither a result nor a job that may still produce one."""
        return not self.ok and not self.in_flight


def _task_words(task):
    """The task's own account of why it stopped (phase it was in, exit code, signal)."""
    if not task:
        return ""
    return task.get("detail") or (f"last recorded phase: {task['phase']}" if task.get("phase") else "")


def classify(target, job, task, slurm_state):
    """One target's outcome. job: its newest Slurm job (J_i) or None; task: its task record or
    None; slurm_state: slurm.JobState of job or None (Slurm forgot it and keeps no accounting)."""
    if job is None:
        return Outcome(target, "not submitted")
    if task and task.get("job") != job:
        task = None                                     # a record from an older submission
    base = dict(target=target, job=job, node=(task or {}).get("node") or (slurm_state.node if slurm_state else ""),
                machine=(task or {}).get("machine", ""))
    if task and task.get("state") == "ok":
        result = Path(task["result"])
        if result.is_file():
            return Outcome(status="ok", result=result, detail=task.get("detail", ""), **base)
        return Outcome(status="failed", detail=f"result file {result} is gone", **base)
    if slurm_state and slurm_state.in_flight:
        return Outcome(status=slurm_state.state.lower(), detail=slurm_state.reason, in_flight=True, **base)
    words = _task_words(task)
    if slurm_state:
        status = FINAL_WORDS.get(slurm_state.state, "failed")
        if slurm_state.state == "COMPLETED":
            words = words or "the job ended without a result"
        elif slurm_state.exit_code and slurm_state.exit_code != "0:0":
            words = "; ".join(filter(None, [f"exit code {slurm_state.exit_code}", words]))
        return Outcome(status=status, detail=words, **base)
    if task and task.get("state") in ("failed", "cancelled"):
        return Outcome(status=task["state"], detail=words, **base)
    if task:
        return Outcome(status="lost", detail="started but never reported an end (node crash or SIGKILL), "
                                             "and Slurm no longer knows the job; " + words, **base)
    return Outcome(status="lost", detail="never started, and Slurm no longer knows the job", **base)


def outcomes(run, doc, states):
    """Outcome of every target of a run, in the manifest's order."""
    out = []
    for target in Run.targets(doc):
        job = Run.latest_job(doc, target.key)
        out.append(classify(target, job, run.task(target.key), states.get(job) if job else None))
    return out
