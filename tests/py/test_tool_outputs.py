"""The Python tools' outputs: never over an input, and a place that cannot be written (or a disk that
fills up) gives exit 2 with the path named: no stack trace, no temporary file left behind."""
import resource
import subprocess
import sys

import pytest

import builders
from conftest import SCRIPTS

TOOLS = ("compare.py", "report.py", "aa_false_positive.py")


def tool(name, *args, preexec_fn=None):
    return subprocess.run([sys.executable, str(SCRIPTS / name), *map(str, args)], capture_output=True, text=True,
                          timeout=300, preexec_fn=preexec_fn)


def refused(r, name, *words):
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith(f"{name}: error: "), r.stderr
    for w in words:
        assert w in r.stderr, (w, r.stderr)


def everything_under(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


@pytest.fixture(scope="module")
def doc():
    return builders.results_doc("skx", builders.softmax_runs("skx", sizes=(1000, 10**6), reps=8,
                                                             isas=("scalar", "avx2")), reps=8)


@pytest.fixture
def inputs(tmp_path, doc):
    a = builders.write(tmp_path / "in" / "a.json", doc)
    b = builders.write(tmp_path / "in" / "b.json", doc)
    return a, b


def commands(a, b, out):
    """Each tool with one output option pointing at `out`."""
    return {
        "compare --json": ("compare.py", [a, b, "--json", out]),
        "compare --markdown": ("compare.py", [a, b, "--markdown", out]),
        "report --out": ("report.py", [a, "--out", out]),
        "aa --json": ("aa_false_positive.py", [a, "--chunk", "2", "--min-pairs", "1", "--json", out]),
    }


@pytest.mark.parametrize("which", ["compare --json", "compare --markdown", "aa --json"])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(inputs, which):
    a, b = inputs
    before = a.read_bytes()
    name, args = commands(a, b, a)[which]
    refused(tool(name, *args), name, "refusing to write over an input")
    assert a.read_bytes() == before


def test_a_report_into_the_folder_of_its_input_is_refused(inputs):
    a, _ = inputs
    refused(tool("report.py", a, "--out", a.parent), "report.py", "refusing to write over an input")
    assert a.exists()


def test_json_and_markdown_to_one_file_is_refused(inputs, tmp_path):
    a, b = inputs
    refused(tool("compare.py", a, b, "--json", tmp_path / "o", "--markdown", tmp_path / "o"), "compare.py", "same file")


@pytest.mark.parametrize("which", ["compare --json", "compare --markdown", "report --out", "aa --json"])
def test_an_unwritable_output_is_named_without_a_stack_trace(inputs, tmp_path, which):
    a, b = inputs
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, so nothing can be created below it (even by root)")
    out = blocker / "sub" / "out"
    name, args = commands(a, b, out)[which]
    refused(tool(name, *args), name, str(out))
    assert everything_under(tmp_path) == ["blocker", "in", "in/a.json", "in/b.json"]


@pytest.mark.parametrize("which", ["compare --json", "compare --markdown", "report --out", "aa --json"])
def test_a_disk_that_fills_up_leaves_no_temporary_file(inputs, tmp_path, which):
    a, b = inputs
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    name, args = commands(a, b, out_dir / "result")[which]

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    refused(tool(name, *args, preexec_fn=small_disk), name, "result")
    assert everything_under(out_dir) == []


@pytest.mark.parametrize("name, flag", [("compare.py", "--json"), ("compare.py", "--markdown"),
                                        ("aa_false_positive.py", "--json"), ("report.py", "--out")])
def test_an_empty_output_path_is_refused(inputs, name, flag):
    a, b = inputs
    args = {"compare.py": [a, b], "aa_false_positive.py": [a, "--chunk", "2", "--min-pairs", "1"],
            "report.py": [a]}[name]
    refused(tool(name, *args, flag, ""), name, flag)


def test_an_output_error_is_bad_input_and_an_os_error(tmp_path):
    # The tools turn it into exit 2; callers that undo work after an OS error (the fleet
    # cancels its jobs when it cannot save its manifest) still catch it.
    from hotops_report.errors import InputError
    from hotops_report.outdir import write_text
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError) as e:
        write_text(blocker / "out.json", "{}", "--json")
    assert isinstance(e.value, InputError) and f"--json {blocker / 'out.json'}: cannot write" in str(e.value)
