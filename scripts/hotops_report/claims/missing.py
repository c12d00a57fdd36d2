"""Why a claim found no matched point at all: the ISA is absent, runs were skipped, a side was never run
(and, when only other dtypes exist, that a ratio across dtypes is context only)."""
import re
from dataclasses import replace

CPU_ISA_PREFIXES = ("sse", "avx", "amx", "neon", "sve", "f16c", "fma")


def why(claim, runs, context):
    """Why no point could be matched at all."""
    sels = (claim.subject, claim.baseline)
    relevant = [r for r in runs if any(s.matches(r, check_status=False) for s in sels)]
    isa = claim.subject.isa or claim.baseline.isa
    cpu = (context or {}).get("cpu") or {}
    features = re.split(r"[,\s]+", cpu.get("features", "").strip())
    if isa and features != [""] and isa not in features and isa.startswith(CPU_ISA_PREFIXES):
        return f"no {isa} on this CPU ({cpu.get('model', 'this CPU')})"
    if not relevant:
        return f"these results have no runs of {claim.subject.describe()} / {claim.baseline.describe()}"
    ok = [r for r in relevant if r.ok]
    for sel in sels:
        if not any(sel.matches(r) for r in ok):
            reason = "; ".join(sorted({r.status for r in relevant if sel.matches(r, False) and not r.ok}))
            other = sorted({r.dtype for r in runs if r.ok and sel.dtype and r.dtype != sel.dtype
                            and replace(sel, dtype="").matches(r)})
            hint = f" (runs in {', '.join(other)} exist: a ratio across dtypes is context only, no verdict)" \
                if other else ""
            return f"{sel.describe()}: {reason}{hint}" if reason else f"no runs of {sel.describe()}{hint}"
    skipped = sorted({r.status for r in relevant if not r.ok})
    if skipped:
        return "; ".join(skipped)
    return "subject and baseline were never measured at the same problem" + \
        (" and dtype" if claim.pair_dtype else "") + (" and ISA" if claim.pair_isa else "")
