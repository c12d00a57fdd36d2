"""scripts/report.py: RESULTS... --out reports/<name>/ -> index.html + report.md + figures/."""
import argparse
import sys
from pathlib import Path

from . import render_html, render_markdown
from .build import build
from .errors import InputError
from .loader import load
from .outdir import check_not_an_input, staged_dir


def parse_args(argv):
    p = argparse.ArgumentParser(prog="report.py", description=__doc__.split(":", 1)[1].strip())
    p.add_argument("results", nargs="+", metavar="RESULTS",
                   help="results files or results/<machine> directories (several machines allowed)")
    p.add_argument("--out", required=True, type=Path, help="output directory, e.g. reports/<name>/")
    p.add_argument("--title", default="hotops report")
    return p.parse_args(argv)


def write_report(out, make_doc):
    """make_doc(tmpdir) -> Document, its figures written into tmpdir; the report at `out` is
    replaced whole or not at all."""
    with staged_dir(out) as tmp:
        doc = make_doc(tmp)
        (tmp / "report.md").write_text(render_markdown.render(doc), encoding="utf-8")
        (tmp / "index.html").write_text(render_html.render(doc, tmp), encoding="utf-8")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        files = load(args.results)
        check_not_an_input([("--out", args.out)], [f.path for f in files])
        write_report(args.out, lambda tmp: build(files, tmp, title=args.title))
    except InputError as e:
        print(f"report.py: error: {e}", file=sys.stderr)
        return 2
    print(args.out / "index.html")
    return 0

