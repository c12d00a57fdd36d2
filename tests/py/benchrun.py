"""Running the built tools end to end from the script tests."""
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Another build (a debug build, an older commit's) can be tested with HOTOPS_BUILD_DIR.
BUILD = pathlib.Path(os.environ.get("HOTOPS_BUILD_DIR", ROOT / "build"))
BENCH = BUILD / "hotops-bench"
CEILINGS = BUILD / "measure" / "hotops-ceilings"


def run(*args, cwd=ROOT, timeout=300, **kw):
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, **kw)


def run_bench(*args, **kw):
    return run(BENCH, *args, **kw)


def files_under(path):
    """Every file (not directory) below `path`, hidden ones included."""
    path = pathlib.Path(path)
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def tiny_suite(dir, repetitions=2, min_time=0.001, name="tiny", extra=""):
    """A suite that runs in well under a second: one scalar softmax, in cache."""
    p = pathlib.Path(dir) / f"{name}.yaml"
    p.write_text(f"name: {name}\nrepetitions: {repetitions}\nmin_time: {min_time}\nthreads: 1\n{extra}"
                 "entries:\n  - {family: softmax, variants: [two_pass__scalar], problems: ['rows=1,n=100'], cache: [in]}\n")
    return p
