"""One benchmark run (a row of `runs[]`) with typed accessors over the raw dict."""
from dataclasses import dataclass
from pathlib import Path


def _field(key):
    """A read-only attribute: the raw run's `key`."""
    return property(lambda self: self.raw[key])


@dataclass(eq=False)
class Run:
    raw: dict
    machine: str
    source: Path
    date: str

    # identity ---------------------------------------------------------------
    @property
    def identity(self):
        """A benchmark's identity for comparisons: (family, variant, repro, cache, threads)."""
        r = self.raw
        return (r["family"], r["variant"], r["problem"]["repro"], r["cache"], r["threads"])

    @property
    def label(self):
        f, v, repro, cache, threads = self.identity
        return f"{f}/{v}[{repro}] cache={cache} threads={threads}"

    family = _field("family")
    variant = _field("variant")
    isa = _field("isa")
    device = _field("device")
    cache = _field("cache")
    threads = _field("threads")

    @property
    def algorithm(self):
        alg = self.raw.get("algorithm")
        return alg if alg else self.variant.split("__", 1)[0]

    @property
    def is_peer(self):
        return self.raw.get("paper") == "peer" or self.isa == "peer"

    @property
    def dims(self):
        return self.raw["problem"].get("dims", {})

    @property
    def options(self):
        return self.raw["problem"].get("options") or {}

    @property
    def dtype(self):
        return self.options.get("dtype")

    # status -----------------------------------------------------------------
    status = _field("status")

    @property
    def ok(self):
        return self.status == "ok"

    # timing -----------------------------------------------------------------
    @property
    def time(self):
        return self.raw.get("time") or {}

    @property
    def median(self):
        return self.time.get("median")

    @property
    def samples(self):
        return list(self.time.get("samples") or [])

    @property
    def process_samples(self):
        """Samples per independent process run: `time.process_samples` when the file merged several, else one."""
        groups = [list(g) for g in (self.time.get("process_samples") or []) if g]
        return groups or ([self.samples] if self.samples else [])

    @property
    def footprint_bytes(self):
        return self.raw.get("footprint_bytes")

    @property
    def rotation(self):
        return self.raw.get("rotation")

    @property
    def work(self):
        return self.raw.get("work") or {}

    @property
    def derived(self):
        return self.raw.get("derived") or {}

    @property
    def counters(self):
        return self.raw.get("counters") or {}

    def gbps_at(self, seconds):
        """Minimum-bytes bandwidth (GB/s) at a given time per call."""
        b = self.work.get("bytes")
        return b / seconds / 1e9 if b and seconds else None

    def gbps_band(self):
        """(low, mid, high) GB/s from p80, median, p20 (slower time = lower bandwidth)."""
        t = self.time
        return self.gbps_at(t.get("p80")), self.gbps_at(t.get("median")), self.gbps_at(t.get("p20"))
