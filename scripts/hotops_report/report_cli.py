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


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        files = load(args.results)
        check_not_an_input([("--out", args.out)], [f.path for f in files])
        with staged_dir(args.out) as tmp:
            doc = build(files, tmp, title=args.title)
            (tmp / "report.md").write_text(render_markdown.render(doc), encoding="utf-8")
            (tmp / "index.html").write_text(render_html.render(doc, tmp), encoding="utf-8")
    except InputError as e:
        print(f"report.py: error: {e}", file=sys.stderr)
        return 2
    print(args.out / "index.html")
    return 0

