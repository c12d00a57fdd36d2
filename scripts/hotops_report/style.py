"""Consistent visual encodings: colour per ISA / algorithm, linestyle per cache, marker per machine."""
import zlib

from matplotlib import colormaps

ISA_COLORS = {
    "scalar": "#7f7f7f",
    "sse2": "#bcbd22", "sse4": "#bcbd22", "neon": "#17becf",
    "avx": "#9edae5", "avx2": "#1f77b4",
    "avx512f": "#d62728", "avx512bw": "#e377c2", "avx512vnni": "#9467bd", "avx512bf16": "#8c564b",
    "cuda": "#2ca02c", "gpu": "#2ca02c",
    "peer": "#000000",
}
ALGORITHM_COLORS = {
    "two_pass": "#d62728", "three_pass_recompute": "#1f77b4", "three_pass_reload": "#2ca02c",
    "online": "#ff7f0e",
    "layernorm": "#1f77b4", "rmsnorm": "#ff7f0e", "crmsnorm": "#d62728", "l1norm": "#2ca02c",
    "powernorm": "#9467bd", "batchnorm": "#8c564b", "unifiednorm": "#e377c2",
}
PEER_COLORS = {"onednn": "#000000", "xnnpack": "#8c564b", "eigen": "#7f7f7f", "mkl": "#17becf"}
CACHE_LINESTYLE = {"in": "-", "out": "--"}
CACHE_LABEL = {"in": "in cache", "out": "out of cache"}
MACHINE_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
ALGORITHM_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def _hashed(name, cmap="tab20"):
    colors = colormaps[cmap].colors
    return colors[zlib.crc32(name.encode()) % len(colors)]


def isa_color(isa):
    return ISA_COLORS.get(isa) or _hashed(isa)


def algorithm_color(alg):
    if alg in ALGORITHM_COLORS:
        return ALGORITHM_COLORS[alg]
    if alg in PEER_COLORS:
        return PEER_COLORS[alg]
    return _hashed(alg)


def family_color(family):
    return _hashed(family, "tab10")


def machine_marker(machines, machine):
    return MACHINE_MARKERS[sorted(machines).index(machine) % len(MACHINE_MARKERS)]


def cache_linestyle(cache):
    return CACHE_LINESTYLE.get(cache, ":")
