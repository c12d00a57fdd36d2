"""scripts/compare.py BASELINE.json CANDIDATE.json: per-benchmark verdicts; exit 1 only on a regression."""
import argparse
import sys

from ..errors import InputError
from ..loader import load_file
from ..outdir import check_not_an_input, write_text
from . import output
from .core import METRICS, compare


def _fraction(s):
    v = float(s)
    if not 0 <= v < 1:
        raise argparse.ArgumentTypeError(f"{s} is not a fraction in [0, 1)")
    return v


def parse_args(argv):
    p = argparse.ArgumentParser(prog="compare.py", description=__doc__.split(":", 1)[1].strip())
    p.add_argument("baseline", metavar="BASELINE.json")
    p.add_argument("candidate", metavar="CANDIDATE.json")
    p.add_argument("--metric", default="time", metavar="|".join(METRICS),
                   help="time: wall clock, rank test + effect size; instructions, d1_misses, ll_misses or any other "
                        "per-call counter name: exact compare (deterministic with the simulated backend)")
    p.add_argument("--threshold", type=_fraction, default=None,
                   help="minimum relative change that counts (default 0.05 for time, 0.01 for counters)")
    p.add_argument("--alpha", type=_fraction, default=0.05, help="significance level of the U test (time)")
    p.add_argument("--max-cv", type=float, default=0.10, help="cv above which 'unchanged' becomes 'noisy' (time)")
    p.add_argument("--json", metavar="OUT", help="also write the comparison as JSON")
    p.add_argument("--markdown", metavar="OUT", help="also write the comparison as Markdown")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        check_not_an_input([("--json", args.json), ("--markdown", args.markdown)], [args.baseline, args.candidate])
        base, cand = load_file(args.baseline), load_file(args.candidate)
        cmp = compare(base, cand, args.metric, args.threshold, args.alpha, args.max_cv)
        if not cmp.rows:
            reasons = "; ".join(f"{n} x {why}" for why, n in cmp.reasons()[:3])
            if not reasons:
                reasons = (f"{cmp.skipped_both} skipped in both" if cmp.skipped_both
                           else "no benchmark identity in common")
            raise InputError(f"no comparable benchmarks between {args.baseline} and {args.candidate} ({reasons})")
        if args.json is not None:
            write_text(args.json, output.to_json(cmp), "--json")
        if args.markdown is not None:
            write_text(args.markdown, output.markdown(cmp), "--markdown")
    except InputError as e:
        print(f"compare.py: error: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(output.terminal(cmp))
    return 1 if cmp.regressed else 0
