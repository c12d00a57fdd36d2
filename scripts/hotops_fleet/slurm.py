"""Everything that talks to Slurm: the batch scripts, sbatch/scontrol, and the jobs' states.

Array tasks all share one job spec, so each task is pointed at its own target by submitting
the array held, setting that task's node list or features (`scontrol update JobId=J_i`, which
Slurm allows on pending array tasks), and releasing it. One array = one job id to watch or
cancel; the report job waits for all of it with --dependency=afterany."""
import shlex
import subprocess
from dataclasses import dataclass

from hotops_report.errors import InputError


class SlurmError(InputError):
    pass


def _run(args, check=True):
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        if not check:
            return subprocess.CompletedProcess(args, 127, "", f"{args[0]}: not found")
        raise SlurmError(f"{args[0]}: not found (Slurm's client commands are needed here)") from None
    if check and r.returncode != 0:
        raise SlurmError(f"{' '.join(map(shlex.quote, args))} failed (exit {r.returncode}): "
                         f"{(r.stderr or r.stdout).strip()}")
    return r


def expand_hostlist(expr):
    """'n[1-3],gpu7' -> ['n1', 'n2', 'n3', 'gpu7'], by Slurm's own hostlist expansion."""
    if "[" not in expr:
        return [h for h in expr.split(",") if h]
    return _run(["scontrol", "show", "hostnames", expr]).stdout.split()


def _directives(opts):
    return [f"#SBATCH --{k}={shlex.quote(str(v))}" for k, v in opts if v]


def array_script(job_name, n_tasks, log_dir, task_command, keys, common, extra):
    """The array's batch script: one exclusive node and one task per target."""
    lines = ["#!/bin/bash"]
    lines += _directives([("job-name", job_name), ("array", f"0-{n_tasks - 1}"), ("nodes", 1),
                          ("ntasks-per-node", 1), ("output", f"{log_dir}/%A_%a.out"),
                          ("open-mode", "append")] + common)   # a requeued task (node failure) keeps its first log
    # --no-requeue: a task whose node fails ends NODE_FAIL, so the report renders and names it; a
    # rerun resubmits it. (Requeued, it would wait for that node, and the report with it.)
    lines += ["#SBATCH --exclusive", "#SBATCH --no-requeue"] + [f"#SBATCH {shlex.quote(a)}" for a in extra]
    lines += ["# Each task's node or feature is set per task (scontrol update) before the array is released.",
              "targets=(" + " ".join(map(shlex.quote, keys)) + ")",
              f'exec {task_command} "${{targets[$SLURM_ARRAY_TASK_ID]}}"', ""]
    return "\n".join(lines)


def report_script(job_name, log_dir, report_command, common):
    lines = ["#!/bin/bash"]
    lines += _directives([("job-name", job_name), ("nodes", 1), ("ntasks", 1), ("time", "0:30:00"),
                          ("output", f"{log_dir}/report-%j.out")] + [(k, v) for k, v in common if k != "time"])
    lines += [f"exec {report_command}", ""]
    return "\n".join(lines)


def task_placement(target):
    """scontrol update fields that put one array task on its target."""
    return f"ReqNodeList={target.value}" if target.kind == "node" else f"Features={target.value}"


def submit_held(array_path, report_path, placements):
    """Submit the array held, place each task, queue the report after the whole array.
    Returns (array_job, report_job); the caller records them, then release()s the array.
    On failure cancels what it had submitted."""
    array_job = _run(["sbatch", "--parsable", "--hold", str(array_path)]).stdout.strip().split(";")[0]
    try:
        for index, fields in enumerate(placements):
            _run(["scontrol", "update", f"JobId={array_job}_{index}", fields])
        report_job = _run(["sbatch", "--parsable", f"--dependency=afterany:{array_job}",
                           str(report_path)]).stdout.strip().split(";")[0]
    except SlurmError:
        cancel(array_job)
        raise
    return array_job, report_job


def release(array_job):
    _run(["scontrol", "release", array_job])


def cancel(*jobs):
    _run(["scancel", *jobs], check=False)


@dataclass
class JobState:
    state: str           # Slurm's: PENDING RUNNING COMPLETED FAILED CANCELLED TIMEOUT NODE_FAIL OUT_OF_MEMORY ...
    exit_code: str = ""  # "rc:signal" where accounting has it
    node: str = ""
    reason: str = ""

    @property
    def in_flight(self):
        return self.state in ("PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "RESIZING",
                              "SUSPENDED")


def parse_sacct(text):
    """`sacct -X -n -P --array --format=JobID,State,ExitCode,NodeList` lines -> {job: JobState}."""
    out = {}
    for line in text.splitlines():
        parts = line.split("|")
        if len(parts) >= 4 and parts[0]:
            out[parts[0]] = JobState(parts[1].split()[0] if parts[1] else "", parts[2], parts[3])
    return out


def parse_squeue(text):
    """`squeue -h -r --states=all -o '%i|%T|%N|%r'` lines -> {job: JobState}."""
    out = {}
    for line in text.splitlines():
        parts = line.strip().split("|")
        if len(parts) >= 4 and parts[0]:
            out[parts[0]] = JobState(parts[1], "", parts[2], "" if parts[3] == "None" else parts[3])
    return out


def job_states(array_jobs):
    """States of every task of these arrays: accounting (sacct) where the cluster keeps it,
    else the controller's memory (squeue, which forgets finished jobs after MinJobAge)."""
    states = {}
    for job in sorted(set(array_jobs)):   # one at a time: a purged id fails the whole query
        r = _run(["sacct", "-X", "-n", "-P", "--array", "-j", job, "--format=JobID,State,ExitCode,NodeList"],
                 check=False)
        if r.returncode == 0:
            states.update(parse_sacct(r.stdout))
        r = _run(["squeue", "-h", "-r", "--states=all", "-j", job, "-o", "%i|%T|%N|%r"], check=False)
        if r.returncode == 0:
            for task, s in parse_squeue(r.stdout).items():
                states.setdefault(task, s)
    return states
