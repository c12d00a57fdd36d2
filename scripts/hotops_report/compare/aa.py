"""A/A false-positive rate of the wall-clock compare: compare results that differ only by chance.

Pairs come either from several results files of the same suite and machine (disjoint consecutive
pairs in date order) or from one file whose benchmarks have many repetitions, split into
consecutive chunks of --chunk samples (chunk 0 vs 1, 2 vs 3, ...). Every "improved" or
"regressed" verdict is a false positive; a pair "fires the gate" when any benchmark regressed.
"""
import argparse
import json
import sys
from dataclasses import dataclass, field

from scipy import stats as sps

from ..errors import InputError
from ..loader import load_file
from ..outdir import check_not_an_input, write_text
from . import stats
from .core import compare


@dataclass
class Tally:
    verdicts: dict = field(default_factory=lambda: {v: 0 for v in stats.VERDICTS})
    pairs: int = 0
    pairs_fired: int = 0

    def add_pair(self, verdicts):
        self.pairs += 1
        for v in verdicts:
            self.verdicts[v] += 1
        if stats.REGRESSED in verdicts:
            self.pairs_fired += 1


def file_pairs(files, cfg, tally):
    files = sorted(files, key=lambda f: (f.date, str(f.path)))
    for a, b in zip(files[0::2], files[1::2]):
        cmp = compare(a, b, "time", cfg.threshold, cfg.alpha, cfg.max_cv)
        tally.add_pair([r.verdict for r in cmp.rows])


def chunk_pairs(rf, chunk, cfg, tally):
    per_pair = {}
    for run in rf.runs:
        s = run.samples if run.ok else []
        for p in range(len(s) // (2 * chunk)):
            a, b = s[2 * p * chunk:(2 * p + 1) * chunk], s[(2 * p + 1) * chunk:(2 * p + 2) * chunk]
            per_pair.setdefault(p, []).append(stats.wall_clock(a, b, cfg).verdict)
    for p in sorted(per_pair):
        tally.add_pair(per_pair[p])


def _rate(k, n):
    if n == 0:
        return {"count": k, "n": n, "rate": None, "ci95": None}
    ci = sps.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
    return {"count": k, "n": n, "rate": k / n, "ci95": [ci.low, ci.high]}


def summarize(tally, cfg, mode):
    total = sum(tally.verdicts.values())
    fp = tally.verdicts[stats.REGRESSED] + tally.verdicts[stats.IMPROVED]
    return {"mode": mode, "settings": {"threshold": cfg.threshold, "alpha": cfg.alpha, "max_cv": cfg.max_cv},
            "pairs": tally.pairs, "comparisons": total, "verdicts": tally.verdicts,
            "false_positive": _rate(fp, total), "false_regression": _rate(tally.verdicts[stats.REGRESSED], total),
            "noisy": _rate(tally.verdicts[stats.NOISY], total),
            "gate_false_alarm": _rate(tally.pairs_fired, tally.pairs)}


def _fmt(r):
    if r["rate"] is None:
        return "n/a"
    return f"{r['count']}/{r['n']} = {100 * r['rate']:.2f} % (95 % CI {100 * r['ci95'][0]:.2f}–{100 * r['ci95'][1]:.2f} %)"


def text(summary):
    s = summary
    return "\n".join([
        f"A/A false-positive rate ({s['mode']}; threshold={s['settings']['threshold']}, alpha={s['settings']['alpha']},"
        f" max_cv={s['settings']['max_cv']}): {s['pairs']} pairs, {s['comparisons']} benchmark comparisons",
        "verdicts: " + ", ".join(f"{v} {n}" for v, n in s["verdicts"].items()),
        f"false positives (improved or regressed): {_fmt(s['false_positive'])}",
        f"false regressions: {_fmt(s['false_regression'])}",
        f"noisy: {_fmt(s['noisy'])}",
        f"pairs where the gate would fire (exit 1): {_fmt(s['gate_false_alarm'])}",
    ]) + "\n"


def parse_args(argv):
    p = argparse.ArgumentParser(prog="aa_false_positive.py", description=__doc__.strip().splitlines()[0])
    p.add_argument("files", nargs="+", metavar="RESULTS.json",
                   help="several results files of one suite and machine, or one file (with --chunk)")
    p.add_argument("--chunk", type=int, default=None,
                   help="one-file mode: samples per chunk (default 5); chunks 2k and 2k+1 form a pair")
    p.add_argument("--min-pairs", type=int, default=20, help="refuse to estimate from fewer pairs (default 20)")
    p.add_argument("--threshold", type=float, default=0.05)
    p.add_argument("--alpha", type=float, default=0.05)
    p.add_argument("--max-cv", type=float, default=0.10)
    p.add_argument("--json", metavar="OUT", help="also write the summary as JSON")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    cfg = stats.WallClockConfig(args.threshold, args.alpha, args.max_cv)
    tally = Tally()
    try:
        check_not_an_input([("--json", args.json)], args.files)
        files = [load_file(f) for f in args.files]
        if len(files) == 1 or args.chunk:
            if len(files) != 1:
                raise InputError("--chunk takes exactly one results file")
            chunk = args.chunk or 5
            if chunk < 1:
                raise InputError("--chunk must be >= 1")
            chunk_pairs(files[0], chunk, cfg, tally)
            mode = f"one file, chunks of {chunk} samples"
        else:
            file_pairs(files, cfg, tally)
            mode = f"{len(files)} files, consecutive pairs"
        if tally.pairs < args.min_pairs:
            raise InputError(f"only {tally.pairs} A/A pairs ({mode}); need at least {args.min_pairs}: give more files "
                             f"or more repetitions (each pair needs 2 x chunk samples per benchmark)")
        summary = summarize(tally, cfg, mode)
        if args.json is not None:
            write_text(args.json, json.dumps(summary, indent=1) + "\n", "--json")
    except InputError as e:
        print(f"aa_false_positive.py: error: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(text(summary))
    return 0
