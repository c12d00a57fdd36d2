"""Per-family report configuration: the paper-style figures beyond the generic ones
(throughput vs size, roofline, tables), which every family gets."""
from .claims.softmax import THREE_PASS, bound_label, bytes_bound

SPEEDUP = {
    # family: subject algorithm, baselines (one panel each), bytes-moved bounds (out of cache)
    "softmax": {
        "subject": "two_pass",
        "baselines": THREE_PASS,
        "bounds": {base: [(bytes_bound("two_pass", base, wa), "bytes bound " + bound_label("two_pass", base, wa))
                          for wa in (False, True)] for base in THREE_PASS},
    },
}
