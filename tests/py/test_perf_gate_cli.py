"""scripts/perf_gate.sh's arguments: unknown ones are errors, --baseline is checked before minutes
under valgrind."""
import os

import pytest

from benchrun import BENCH, ROOT, run

GATE = ROOT / "scripts" / "perf_gate.sh"


def test_unknown_arguments_are_errors():
    for args in (["--bogus"], ["extra"], ["--baseline"]):
        r = run(GATE, *args)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith("perf_gate.sh: error: "), r.stderr


def test_help_names_the_options():
    r = run(GATE, "--help")
    assert r.returncode == 0 and "--baseline FILE" in r.stdout and "--update-baseline" in r.stdout


@pytest.mark.skipif(not BENCH.exists(), reason="hotops-bench not built (scripts/test.sh builds it first)")
def test_a_missing_baseline_is_named_before_valgrind_runs(tmp_path):
    # A valgrind that only leaves a mark: the gate must stop before it would be called.
    stub = tmp_path / "bin" / "valgrind"
    stub.parent.mkdir()
    mark = tmp_path / "valgrind-was-called"
    stub.write_text(f"#!/bin/sh\ntouch '{mark}'\nexit 1\n")
    stub.chmod(0o755)
    missing = tmp_path / "no-such-baseline.json"
    r = run(GATE, "--baseline", missing, env={**os.environ, "PATH": f"{stub.parent}:{os.environ['PATH']}"})
    assert r.returncode == 2, r.stderr
    assert f"no baseline at {missing}" in r.stderr
    assert not mark.exists()
