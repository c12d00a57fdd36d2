"""Per-family report configuration: the paper-style figures beyond the generic ones
(throughput vs size, roofline, tables), which every family gets."""

SPEEDUP = {
    # family: subject algorithm, baselines (one panel each), bytes-moved bounds (out of cache)
    "softmax": {
        "subject": "two_pass",
        "baselines": ("three_pass_recompute", "three_pass_reload"),
        "bounds": {"three_pass_recompute": (16 / 12, "bytes bound 16/12 = 1.33×"),
                   "three_pass_reload": (20 / 12, "bytes bound 20/12 = 1.67×")},
    },
}
