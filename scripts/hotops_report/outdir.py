"""Render into a temporary directory beside the target, then move it into place in one step,
so a failure never leaves a half-written report."""
import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from .errors import InputError


REPORT_MARKERS = ("index.html", "report.md")


def check_replaceable(target):
    """Refuse to replace anything but an empty directory or a previous report."""
    target = Path(target)
    if not target.exists():
        return
    if not target.is_dir():
        raise InputError(f"--out {target}: exists and is not a directory")
    entries = list(target.iterdir())
    if entries and not any((target / m).is_file() for m in REPORT_MARKERS):
        raise InputError(f"--out {target}: non-empty directory that is not a previous report; refusing to replace it")


@contextlib.contextmanager
def staged_dir(target):
    """Yields a temp dir; on success it replaces `target`, on error it is removed."""
    target = Path(target)
    check_replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)   # mkdtemp makes it 0700; a report dir should be readable like any other
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    tmp.rename(target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def write_text(path, text):
    """Atomic single-file write (temp + rename) for tool outputs such as compare's JSON/Markdown."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False,
                                     encoding="utf-8") as f:
        f.write(text)
        tmp = Path(f.name)
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o666 & ~umask)
    tmp.replace(path)
