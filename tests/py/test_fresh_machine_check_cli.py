"""scripts/fresh_machine_check.sh refuses what it cannot check honestly, before any bootstrap."""
import shutil
import subprocess

from benchrun import ROOT, files_under, run

CHECK = "scripts/fresh_machine_check.sh"


def refused(r, *words):
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert r.stderr.startswith("fresh_machine_check.sh: error: "), r.stderr
    for w in words:
        assert w in r.stderr, (w, r.stderr)


def test_unknown_arguments_are_errors():
    refused(run(ROOT / CHECK, "--bogus"), "unknown argument '--bogus'")
    refused(run(ROOT / CHECK, "--mirror"), "--mirror needs a URL")


def test_a_missing_ceilings_file_is_named():
    refused(run(ROOT / CHECK, "--ceilings", "/nonexistent/ceilings.json"), "/nonexistent/ceilings.json")


def test_uncommitted_changes_are_refused_because_only_the_commit_is_checked(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "--detach",
                    subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                                   check=True).stdout.strip()], check=True)
    shutil.copy(ROOT / CHECK, clone / CHECK)   # this checkout's version of the script
    readme = clone / "README.md"
    readme.write_text(readme.read_text() + "\nan uncommitted line\n")
    refused(run(clone / CHECK, "--scratch-dir", tmp_path), "uncommitted changes", "--allow-dirty")
    assert not any(p.name.startswith("hotops-fresh.") for p in tmp_path.iterdir())


def test_the_scratch_folder_must_be_outside_the_repository():
    refused(run(ROOT / CHECK, "--allow-dirty", "--scratch-dir", ROOT / "scripts"), "outside the repository")
    assert [p for p in files_under(ROOT / "scripts") if "hotops-fresh." in str(p)] == []
