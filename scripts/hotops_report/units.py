"""Number formats shared by claims and tables: the report writes "44 %" and "38.1 MiB"."""
DASH = "—"


def pct(fraction, signed=False):
    return f"{100 * fraction:+.0f} %" if signed else f"{100 * fraction:.0f} %"


def size(nbytes):
    """Bytes in the largest binary unit that keeps the number >= 1, three significant digits."""
    if not nbytes:
        return DASH
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if nbytes >= scale:
            return f"{nbytes / scale:.3g} {unit}"
    return f"{nbytes:g} B"
