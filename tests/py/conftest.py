import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
for p in (str(SCRIPTS), str(Path(__file__).resolve().parent)):
    if p not in sys.path:
        sys.path.insert(0, p)

import builders  # noqa: E402


def run_script(name, *args):
    """Run scripts/<name> as the user would; returns CompletedProcess (text)."""
    return subprocess.run([sys.executable, str(SCRIPTS / name), *map(str, args)], capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="session")
def two_machines(tmp_path_factory):
    """results/<machine>/ for two machines: skx (AVX-512, peers, ceilings) and ci-box (AVX2 only, no ceilings)."""
    root = tmp_path_factory.mktemp("results")
    sizes = (10**3, 10**5, 10**7)
    norms = ("layernorm",)
    skx = builders.write_machine(root, "skx", runs=builders.softmax_runs("skx", sizes=sizes, reps=6)
                                 + builders.norm_runs("skx", ds=(256, 4096), reps=6, families=norms), reps=6)
    ci = builders.write_machine(root, "ci-box", runs=builders.softmax_runs("ci-box", sizes=sizes, reps=6)
                                + builders.norm_runs("ci-box", ds=(256, 4096), reps=6, families=norms), reps=6,
                                with_ceilings=False)
    (root / "skx" / skx.name.replace(".json", ".gbench.json")).write_text('{"context": {}, "benchmarks": []}')
    return {"root": root, "skx": skx, "ci-box": ci}
