"""scripts/report.py: RESULTS... --out reports/<name>/ -> index.html + report.md + figures/."""
import argparse
import sys
from pathlib import Path

from . import publish, render_html, render_markdown
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
    p.add_argument("--publish", action="store_true",
                   help="a reproduction to commit under reports/<paper>/: report.md and PNG figures only, "
                        "from results of a clean commit, with where they came from")
    return p.parse_args(argv)


def write_report(out, make_doc, published=False):
    """make_doc(tmpdir) -> Document, its figures written into tmpdir; the report at `out` is
    replaced whole or not at all. Published: Markdown and PNG only (small enough to commit)."""
    with staged_dir(out) as tmp:
        doc = make_doc(tmp)
        (tmp / "report.md").write_text(render_markdown.render(doc, svg_links=not published), encoding="utf-8")
        if published:
            for svg in (tmp / "figures").glob("*.svg"):
                svg.unlink()
        else:
            (tmp / "index.html").write_text(render_html.render(doc, tmp), encoding="utf-8")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        files = load(args.results)
        check_not_an_input([("--out", args.out)], [f.path for f in files])
        if args.publish:
            publish.check_publishable(files)
        make = (lambda tmp: publish.with_provenance(build(files, tmp, title=args.title), files, sys.argv[1:])) \
            if args.publish else (lambda tmp: build(files, tmp, title=args.title))
        write_report(args.out, make, published=args.publish)
    except InputError as e:
        print(f"report.py: error: {e}", file=sys.stderr)
        return 2
    print(args.out / ("report.md" if args.publish else "index.html"))
    return 0

