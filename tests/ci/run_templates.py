#!/usr/bin/python3
"""Runs the CI templates' own shell steps here, as their CI would (minus the container, the
checkout and the steps that change the machine: apt-get, git config --global), and checks what
a user would get: the compare table in the GitHub job summary and in the GitLab job log, the
HTML report where the artifact upload looks for it, and the gate's exit status.

    tests/ci/run_templates.py     # from tests/ci/validate_templates.sh, after a build
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
GITHUB_STEPS = ("Install what hotops needs", "Build", "Gate (instruction counts against the committed baseline)",
                "Compare table into the job summary, HTML report")


def sh(script, env, what):
    r = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"run_templates: {what} failed (exit {r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return r.stdout


def expect(cond, message):
    if not cond:
        sys.exit(f"run_templates: {message}")


def github(tmp):
    wf = yaml.safe_load((ROOT / "ci/github/perf-gate.yml").read_text())
    job = wf["jobs"]["perf-gate"]
    steps = {s.get("name"): s for s in job["steps"]}
    out, summary = tmp / "gh-out", tmp / "summary.md"
    env = dict(os.environ, HOTOPS_DIR=".", OUT=str(out), GITHUB_STEP_SUMMARY=str(summary), GITHUB_WORKSPACE=str(tmp))
    expect(job["env"]["OUT"] == "${{ github.workspace }}/perf-gate", "the upload path moved; update this test")
    for name in GITHUB_STEPS:
        expect(name in steps, f"GitHub template has no step '{name}'")
        sh(steps[name]["run"], env, f"GitHub step '{name}'")
    text = summary.read_text()
    expect(text.startswith("## hotops perf gate") and "| benchmark | baseline | candidate |" in text,
           f"job summary lacks the compare table:\n{text[:500]}")
    expect((out / "report" / "index.html").is_file() and (out / "compare.md").is_file(),
           f"nothing to upload in {out}")


def gitlab(tmp):
    job = yaml.safe_load((ROOT / "ci/gitlab/perf-gate.yml").read_text())["perf-gate"]
    project = tmp / "gl-project"
    env = dict(os.environ, HOTOPS_DIR=str(ROOT), CI_PROJECT_DIR=str(project))
    env.pop("HOTOPS_UPDATE_BASELINE", None)
    setup = [c for c in job["before_script"] if not c.startswith(("apt-get", "git config"))]
    sh("\n".join(setup + job["script"]), env, "GitLab before_script + script")
    log = sh("\n".join(job["after_script"]), env, "GitLab after_script")
    expect("section_start" in log and "| benchmark | baseline | candidate |" in log,
           f"job log lacks the compare table:\n{log[:500]}")
    expect(job["artifacts"]["paths"] == ["perf-gate/"] and (project / "perf-gate" / "report" / "index.html").is_file(),
           "nothing to upload in $CI_PROJECT_DIR/perf-gate/")


def main():
    with tempfile.TemporaryDirectory() as d:
        github(Path(d))
        gitlab(Path(d))
    print("run_templates: both templates' steps ran here: gate passed, table in the summary/log, report ready to upload")


if __name__ == "__main__":
    main()
