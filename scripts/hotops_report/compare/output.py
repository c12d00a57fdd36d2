"""Comparison -> terminal table, Markdown, JSON."""
import json

from . import stats

SEVERITY = {v: i for i, v in enumerate(stats.VERDICTS)}


def _fmt_side(side, metric):
    if "status" in side:
        return side["status"]
    if metric == "time":
        return f"{side['median'] * 1e6:.3f} µs"
    return f"{side['value']:.6g}"


def _rows(cmp):
    out = []
    for r in sorted(cmp.rows, key=lambda r: (SEVERITY[r.verdict], r.label)):
        p = "—" if r.p_value is None else f"{r.p_value:.3g}"
        extra = " ".join(f"{k}×{v:.3f}" for k, v in sorted(r.extra.items()))
        ratio = "—" if r.ratio is None else f"{r.ratio:.3f} ({(r.ratio - 1) * 100:+.1f} %)"
        out.append([r.label, _fmt_side(r.baseline, cmp.metric), _fmt_side(r.candidate, cmp.metric), ratio, p, r.verdict,
                    "; ".join(x for x in (r.reason, extra) if x)])
    return out


HEAD = ["benchmark", "baseline", "candidate", "ratio (cand/base)", "p", "verdict", "notes"]


def summary(cmp):
    counts = ", ".join(f"{cmp.count(v)} {v}" for v in stats.VERDICTS)
    return (f"{len(cmp.rows)} compared ({counts}); {len(cmp.only_in_baseline)} only in baseline, "
            f"{len(cmp.only_in_candidate)} only in candidate, {len(cmp.not_comparable)} not comparable, "
            f"{cmp.skipped_both} skipped in both")


def _settings(cmp):
    return ", ".join(f"{k}={v}" for k, v in cmp.settings.items())


def terminal(cmp):
    rows = _rows(cmp)
    widths = [max(len(str(x)) for x in col) for col in zip(HEAD, *rows)] if rows else [len(h) for h in HEAD]
    widths[-1] = 0   # notes: no padding
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [f"compare ({cmp.metric}; {_settings(cmp)}): {cmp.baseline_path} -> {cmp.candidate_path}"]
    out += [f"warning: {w}" for w in cmp.warnings]
    out += [line(HEAD), line(["-" * w if w else "-----" for w in widths])] + [line(r) for r in rows]
    out += [f"only in baseline: {x}" for x in cmp.only_in_baseline]
    out += [f"only in candidate: {x}" for x in cmp.only_in_candidate]
    out += [f"not comparable: {x} ({why})" for x, why in cmp.not_comparable]
    out.append(summary(cmp))
    return "\n".join(out) + "\n"


def _md(s):
    return str(s).replace("|", "\\|")


def markdown(cmp):
    out = [f"# Regression compare ({cmp.metric})", "",
           f"Baseline `{cmp.baseline_path}` → candidate `{cmp.candidate_path}`; {_settings(cmp)}.", "",
           f"**{summary(cmp)}**", ""]
    out += [f"> warning: {_md(w)}" for w in cmp.warnings] + ([""] if cmp.warnings else [])
    out += ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in _rows(cmp)]
    for title, items in (("Only in baseline", cmp.only_in_baseline), ("Only in candidate", cmp.only_in_candidate),
                         ("Not comparable", [f"{x} ({why})" for x, why in cmp.not_comparable])):
        if items:
            out += ["", f"## {title}", ""] + [f"- {_md(x)}" for x in items]
    return "\n".join(out) + "\n"


def to_json(cmp):
    def row(r):
        f, v, repro, cache, threads = r.identity
        return {"family": f, "variant": v, "repro": repro, "cache": cache, "threads": threads,
                "verdict": r.verdict, "ratio": r.ratio, "p_value": r.p_value, "baseline": r.baseline,
                "candidate": r.candidate, "reason": r.reason, "other_counters_ratio": r.extra}
    doc = {"metric": cmp.metric, "settings": cmp.settings, "baseline": cmp.baseline_path,
           "candidate": cmp.candidate_path, "summary": {v: cmp.count(v) for v in stats.VERDICTS},
           "regressed": cmp.regressed, "warnings": cmp.warnings,
           "benchmarks": [row(r) for r in cmp.rows], "only_in_baseline": cmp.only_in_baseline,
           "only_in_candidate": cmp.only_in_candidate,
           "not_comparable": [{"benchmark": x, "reason": why} for x, why in cmp.not_comparable],
           "skipped_in_both": cmp.skipped_both}
    return json.dumps(doc, indent=1, allow_nan=False, default=str) + "\n"
