"""Per-family report configuration: the paper-style figures beyond the generic ones
(throughput vs size, roofline, tables), which every family gets."""
from .claims.softmax import THREE_PASS

SPEEDUP = {
    # family: subject algorithm, baselines (one panel each); the bytes-moved bounds drawn on them come from
    # the runs' traffic models (traffic.figure_bounds)
    "softmax": {"subject": "two_pass", "baselines": THREE_PASS},
}
