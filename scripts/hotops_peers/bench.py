"""What hotops-bench knows about a problem (`hotops-bench describe`): canonical problem, work model,
roofline placement, environment and timing policy, so peer results match the suites' own."""
import json
import subprocess


class BenchError(RuntimeError):
    pass


def describe(bench, runs, machine=None, ceilings=None, timeout=120):
    """runs: [{"family", "problem", "cache", "device", "seconds"?}] -> hotops-bench's response (describe.h)."""
    request = {"runs": runs}
    if machine:
        request["machine"] = machine
    if ceilings:
        request["ceilings"] = str(ceilings)
    try:
        p = subprocess.run([str(bench), "describe", "-"], input=json.dumps(request), capture_output=True, text=True,
                           timeout=timeout, check=False)
    except OSError as e:
        raise BenchError(f"cannot run {bench}: {e.strerror or e}") from None
    except subprocess.TimeoutExpired:
        raise BenchError(f"{bench} describe took longer than {timeout} s") from None
    if p.returncode != 0:
        raise BenchError(f"{bench} describe failed (exit {p.returncode}): {p.stderr.strip()}")
    return json.loads(p.stdout)
