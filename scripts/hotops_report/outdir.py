"""Render into a temporary directory beside the target, then move it into place in one step,
so a failure never leaves a half-written report. Every OS error (unwritable place, full disk)
becomes an InputError naming the path, and no temporary file or directory stays behind."""
import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from .errors import InputError


REPORT_MARKERS = ("index.html", "report.md")


class OutputError(InputError, OSError):
    """An output that could not be written: the tools report it as bad input (exit 2, the path
    named), and callers that clean up after OS errors (the fleet) still see an OSError."""


def _why(e):
    return e.strerror or str(e)


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


def check_not_an_input(outputs, inputs):
    """Refuse an output path that is one of the inputs (or holds one, for a directory):
    writing it would destroy what is being read."""
    ins = {Path(p).resolve() for p in inputs}
    for flag, out in outputs:
        if out is None:
            continue
        if str(out) == "":
            raise InputError(f"{flag} is empty: it must name where to write")
        o = Path(out).resolve()
        clash = [p for p in ins if p == o or o in p.parents]
        if clash:
            raise InputError(f"{flag} {out}: is (or holds) the input {clash[0]}; refusing to write over an input")
    named = [(flag, Path(out).resolve()) for flag, out in outputs if out is not None]
    for i, (flag, o) in enumerate(named):
        for other, p in named[i + 1:]:
            if o == p:
                raise InputError(f"{flag} and {other} name the same file {o}")


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def staged_dir(target):
    """Yields a temp dir; on success it replaces `target`, on error it is removed."""
    target = Path(target)
    if str(target) in ("", "."):
        raise InputError("--out must name a directory for the report")
    check_replaceable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as e:
        raise OutputError(f"--out {target}: cannot create it: {_why(e)}") from None
    tmp.chmod(0o777 & ~_umask())   # mkdtemp makes it 0700; a report dir should be readable like any other
    try:
        yield tmp
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"--out {target}: cannot write the report: {_why(e)}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    try:
        if target.exists():
            old = target.parent / f".{target.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        tmp.rename(target)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if old and not target.exists():
            old.rename(target)
        raise OutputError(f"--out {target}: cannot move the report into place: {_why(e)}") from None
    if old:
        shutil.rmtree(old, ignore_errors=True)


def write_text(path, text, flag="output"):
    """Atomic single-file write (temp + rename) for tool outputs such as compare's JSON/Markdown."""
    path = Path(path)
    if str(path) in ("", "."):
        raise InputError(f"{flag} must name a file")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False,
                                         encoding="utf-8") as f:
            tmp = Path(f.name)
            f.write(text)
        tmp.chmod(0o666 & ~_umask())
        tmp.replace(path)
    except OSError as e:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"{flag} {path}: cannot write: {_why(e)}") from None
