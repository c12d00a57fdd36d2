"""Device timing of a peer's call with torch, as hotops-bench times its own device variants
(kernels/core/device_timer.h; the numbers come from `hotops-bench describe`'s timing_policy):
CUDA events around one call while an identical call (or, out of cache, the L2 flush) queued ahead
keeps the device busy; tiny in-cache calls replayed as a CUDA graph; a repetition's sample is the
mean over calls until `min_time` seconds of device time are reached (Google Benchmark's manual time)."""
import statistics


class DeviceCallTimer:
    def __init__(self, torch, call, cache, policy, l2_bytes):
        self.torch, self.call, self.flush_l2 = torch, call, cache == "out"
        self.begin = torch.cuda.Event(enable_timing=True)
        self.end = torch.cuda.Event(enable_timing=True)
        self.flush = torch.empty(int(policy["l2_flush_bytes_per_l2_byte"] * l2_bytes), dtype=torch.uint8,
                                 device="cuda") if self.flush_l2 else None
        self.graph, self.calls = None, 1
        self.info = {"method": "events", "calls_per_sample": 1, "l2_flushed": self.flush_l2, "note": ""}
        call()  # warm-up: kernel selection, workspace
        torch.cuda.synchronize()
        self.info["probe_seconds"] = statistics.median(self.sample() for _ in range(3))
        if not self.flush_l2 and self.info["probe_seconds"] < policy["graph_below_s"]:
            calls = max(2, min(policy["graph_max_calls"],
                               -(-policy["graph_target_s"] // max(self.info["probe_seconds"], 1e-9))))
            self._capture(int(calls))

    def _capture(self, calls):
        torch = self.torch
        try:
            side = torch.cuda.Stream()  # torch captures on a side stream, warmed up first
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                self.call()
            torch.cuda.current_stream().wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                for _ in range(calls):
                    self.call()
        except RuntimeError as e:
            self.info["note"] = f"no graph: the call could not be captured ({str(e).splitlines()[0]})"
            return
        self.graph, self.calls = graph, calls
        self.info.update(method="graph", calls_per_sample=calls)

    def _one(self):
        return self.graph.replay() if self.graph else self.call()

    def sample(self):
        if self.flush_l2:
            self.flush.fill_(1)     # evicts the L2, queued ahead
        else:
            self._one()             # queued ahead
        self.begin.record()
        self._one()
        self.end.record()
        self.end.synchronize()
        return self.begin.elapsed_time(self.end) * 1e-3 / self.calls

    def repetition(self, min_time):
        total, n = 0.0, 0
        while total < min_time or n == 0:
            total += self.sample()
            n += 1
        return total / n
