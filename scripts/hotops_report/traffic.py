"""Bytes a variant moves per element when its operands stream from memory, from the traffic model the
driver writes with every run (`runs[].traffic`; the C++ variant list, kernels/<family>/variants.inc, is the
one place it is stated). Bytes-moved roofline bounds between two variants follow from it, without and with
write-allocate (an ordinary, allocating store first reads the line it writes)."""


def per_element(run, write_allocate=False):
    t = run.raw.get("traffic") or run.raw["work"]
    elements = t.get("elements") or run.raw["work"].get("elements") or 1
    return (t["bytes_read"] + t["bytes_written"] * (2 if write_allocate else 1)) / elements


def bound(subject, baseline, write_allocate):
    """time(baseline) / time(subject) when both stream at one bandwidth."""
    return per_element(baseline, write_allocate) / per_element(subject, write_allocate)


def label(subject, baseline, write_allocate):
    """e.g. "16/12 = 1.33× without write-allocate"."""
    return f"{per_element(baseline, write_allocate):g}/{per_element(subject, write_allocate):g} = " \
           f"{bound(subject, baseline, write_allocate):.2f}× {'with' if write_allocate else 'without'} write-allocate"


def bounds(subject, baseline):
    """((label, value), ...) without and with write-allocate, as a bound claim takes them."""
    return tuple((f"{'with' if wa else 'without'} write-allocate", bound(subject, baseline, wa))
                 for wa in (False, True))


def figure_bounds(runs, subject_alg, baseline_algs):
    """{baseline: [(value, label), ...]} for the speedup figure, from one run of each algorithm that has a
    traffic model; {} when the results carry none."""
    def first(alg):
        return next((r for r in runs if r.algorithm == alg and r.raw.get("traffic")), None)
    s = first(subject_alg)
    out = {}
    for base in baseline_algs:
        b = first(base)
        if s and b:
            out[base] = [(bound(s, b, wa), "bytes bound " + label(s, b, wa)) for wa in (False, True)]
    return out
