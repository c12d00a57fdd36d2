"""scripts/fleet.py submit|status|report|task — see scripts/fleet.py and README "Running on a cluster"."""
import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from hotops_report.errors import InputError

from . import slurm
from .outcome import outcomes
from .run import FLEET_VERSION, Run, Target, describe_source, source_identity, utc_now
from .task import run_task

ROOT = Path(__file__).resolve().parents[2]
FLEET_PY = ROOT / "scripts" / "fleet.py"


def parse_args(argv):
    p = argparse.ArgumentParser(prog="fleet.py", description="Run a hotops suite on Slurm nodes, one report.")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("submit", help="submit the suite as a job array (rerun: only targets without results)")
    s.add_argument("suite", help="a name from suites/*.yaml or a suite file")
    s.add_argument("--nodelist", help="one task per node, Slurm hostlist syntax: 'n[1-4],gpu7'")
    s.add_argument("--constraint", help="one task per node feature (node type), comma-separated: 'zen3,zen4,spr'")
    s.add_argument("--partition")
    s.add_argument("--account")
    s.add_argument("--time", help="time limit of each task, Slurm syntax (e.g. 1:00:00)")
    s.add_argument("--sbatch-arg", action="append", default=[], metavar="ARG",
                   help="passed to the array's sbatch as is (repeatable): --sbatch-arg=--qos=long")
    s.add_argument("--results", type=Path, default=ROOT / "results",
                   help="shared results folder (default: results/); runs go to RESULTS/fleet/<run>/")
    s.add_argument("--run", help="run name (default: the suite's name)")
    s.add_argument("--counters", default="auto", choices=["auto", "likwid", "perf", "simulated", "none"])
    s.add_argument("--ceilings", default="measure", choices=["measure", "quick", "skip"],
                   help="measure a node's ceilings when missing or stale (quick: hotops-ceilings --quick)")
    s.add_argument("--build-dir", type=Path, default=ROOT / "build", help="shared build (built before submitting)")
    s.add_argument("--dry-run", action="store_true", help="print the sbatch scripts and commands; submit nothing")
    for name, help_ in (("status", "each target's outcome"), ("report", "render the multi-machine report")):
        q = sub.add_parser(name, help=help_)
        q.add_argument("run_dir", type=Path, help="RESULTS/fleet/<run>")
        if name == "report":
            q.add_argument("--out", type=Path, help="default: RUN_DIR/report")
    t = sub.add_parser("task", help="(run by each array task) run the suite on this node")
    t.add_argument("run_dir", type=Path)
    t.add_argument("target")
    return p.parse_args(argv)


def _suite(arg):
    if "/" in arg or arg.endswith(".yaml"):
        path = Path(arg).resolve()
        if not path.is_file():
            raise InputError(f"suite file '{arg}' does not exist")
        return str(path), path.stem
    if not (ROOT / "suites" / f"{arg}.yaml").is_file():
        names = sorted(p.stem for p in (ROOT / "suites").glob("*.yaml"))
        raise InputError(f"no suite '{arg}' (available: {' '.join(names)})")
    return arg, arg


def _targets(args):
    targets = [Target("node", n) for n in slurm.expand_hostlist(args.nodelist or "")]
    targets += [Target("feature", f) for f in (args.constraint or "").split(",") if f]
    if not targets:
        raise InputError("no targets: give --nodelist and/or --constraint")
    return list({t.key: t for t in targets}.values())   # a node named twice runs once


def _build(build_dir):
    print(f"== build (shared by every task): {build_dir}", flush=True)
    for cmd in (["cmake", "-S", str(ROOT), "-B", str(build_dir), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"],
                ["cmake", "--build", str(build_dir), "--target", "hotops-bench", "hotops-ceilings",
                 "-j", str(os.cpu_count() or 2)]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stdout[-4000:] + r.stderr[-4000:])
            raise InputError(f"build failed: {' '.join(cmd)}")


def _existing(run, suite, source_id, targets):
    """An earlier submission of this run: refuse a different suite or source; return the merged
    manifest and the targets still missing (no result, no job that may still produce one)."""
    doc = run.load()
    if doc["suite"] != suite:
        raise InputError(f"{run.dir}: run of suite '{doc['suite']}', not '{suite}' (choose another --run)")
    if (doc["source_id"]["commit"], doc["source_id"]["diff_sha256"]) != (source_id["commit"], source_id["diff_sha256"]):
        raise InputError(f"{run.dir}: the run's results come from {describe_source(doc['source_id'])}, the source is "
                         f"now {describe_source(source_id)}; refusing to mix commits in one run "
                         f"(check out the run's commit, or start a new run with --run NAME)")
    known = {t.key for t in Run.targets(doc)}
    doc["targets"] += [t.to_json() for t in targets if t.key not in known]
    states = slurm.job_states(s["array_job"] for s in doc.get("submissions", []))
    outs = outcomes(run, doc, states)
    for o in outs:
        print(f"  {o.target.key}: {o.status}" + (f" ({o.detail})" if o.detail else ""))
    return doc, [o.target for o in outs if o.missing]


def submit(args):
    suite, suite_name = _suite(args.suite)
    targets = _targets(args)
    results = args.results.resolve()
    if args.run is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", args.run):
        raise InputError(f"--run '{args.run}': use letters, digits, '_', '.', '-' (it names a folder and the jobs)")
    run = Run(results / "fleet" / (args.run or suite_name))
    source_id = source_identity(ROOT)
    if run.exists():
        print(f"{run.dir}: earlier submissions found")
        doc, todo = _existing(run, suite, source_id, targets)
        if not todo:
            print(f"nothing to submit: every target has a result or a job still queued or running "
                  f"(report: scripts/fleet.py report {run.dir})")
            return 0
    else:
        doc = {"fleet_version": FLEET_VERSION, "run": run.dir.name, "suite": suite, "source": str(ROOT),
               "source_id": source_id, "build": str(args.build_dir.resolve()), "results": str(results),
               "counters": args.counters, "ceilings": args.ceilings, "created": utc_now(),
               "targets": [t.to_json() for t in targets], "submissions": []}
        todo = targets

    index = len(doc["submissions"])
    common = [("partition", args.partition), ("account", args.account), ("time", args.time)]
    logs = run.dir / "logs"
    py = shlex.quote(sys.executable)
    array = slurm.array_script(f"hotops-{doc['run']}", len(todo), logs,
                               f"{py} {shlex.quote(str(FLEET_PY))} task {shlex.quote(str(run.dir))}",
                               [t.key for t in todo], common, args.sbatch_arg)
    report = slurm.report_script(f"hotops-{doc['run']}-report", logs,
                                 f"{py} {shlex.quote(str(FLEET_PY))} report {shlex.quote(str(run.dir))}", common)
    placements = [slurm.task_placement(t) for t in todo]
    if args.dry_run:
        print(f"# array job ({len(todo)} task(s)), submitted held:  sbatch --parsable --hold array.sh\n{array}")
        for i, fields in enumerate(placements):
            print(f"scontrol update JobId=<array>_{i} {fields}")
        print(f"# report job:  sbatch --parsable --dependency=afterany:<array> report.sh\n{report}")
        print("scontrol release <array>")
        return 0

    scripts = run.dir / "slurm"
    logs.mkdir(parents=True, exist_ok=True)      # an unwritable results folder fails here, before the build
    scripts.mkdir(parents=True, exist_ok=True)
    _build(Path(doc["build"]))
    (scripts / f"array-{index}.sh").write_text(array)
    (scripts / f"report-{index}.sh").write_text(report)
    run.save(doc)
    array_job, report_job = slurm.submit_held(scripts / f"array-{index}.sh", scripts / f"report-{index}.sh",
                                              placements)
    doc["submissions"].append({"array_job": array_job, "report_job": report_job, "date": utc_now(),
                               "tasks": {str(i): t.key for i, t in enumerate(todo)}})
    try:
        run.save(doc)
    except OSError:
        slurm.cancel(array_job, report_job)
        raise
    slurm.release(array_job)
    print(f"submitted array job {array_job} ({', '.join(f'{array_job}_{i}: {t.key}' for i, t in enumerate(todo))})"
          f" and report job {report_job} (after all of it)\n"
          f"status: scripts/fleet.py status {run.dir}\nreport: {run.dir / 'report' / 'index.html'}")
    return 0


def _outcomes(run_dir):
    run = Run(run_dir)
    doc = run.load()
    return run, doc, outcomes(run, doc, slurm.job_states(s["array_job"] for s in doc.get("submissions", [])))


def status(args):
    _, doc, outs = _outcomes(args.run_dir)
    print(f"run {doc['run']}: suite {doc['suite']} from {describe_source(doc['source_id'])}")
    for o in outs:
        print(f"{o.target.key:24} {o.job or '-':14} {o.node or '-':12} {o.status}" + (f": {o.detail}" if o.detail else ""))
    return 0


def report(args):
    from . import fleet_report   # matplotlib: seconds to import, only the report needs it
    run, doc, outs = _outcomes(args.run_dir)
    out = args.out or run.dir / "report"
    n_bad = fleet_report.render(doc, outs, out)
    print(out / "index.html")
    if n_bad:
        print(f"fleet.py: {n_bad} of {len(outs)} target(s) without results (named in the report)", file=sys.stderr)
    return 1 if n_bad else 0


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.cmd == "task":
            return run_task(args.run_dir, args.target)
        return {"submit": submit, "status": status, "report": report}[args.cmd](args)
    except InputError as e:
        print(f"fleet.py: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:      # e.g. a results folder that is not writable
        print(f"fleet.py: error: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return 2
