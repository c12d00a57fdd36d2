"""Device timing of a peer's call with torch, as hotops-bench times its own device calls
(kernels/core/device_timer.h; the thresholds come from `hotops-bench describe`'s timing_policy).
Samples come from units queued one ahead — [L2 flush], start event, the call (or a CUDA graph
replay of many calls, for tiny in-cache calls), end event — so the host queues the next unit while
the device runs one. A repetition's sample is the mean over calls until `min_time` seconds of device
time are reached (what Google Benchmark's manual time does for hotops-bench)."""
import statistics


class DeviceCallTimer:
    def __init__(self, torch, call, cache, policy, l2_bytes):
        self.torch, self.call, self.flush_l2 = torch, call, cache == "out"
        self.events = [[torch.cuda.Event(enable_timing=True) for _ in range(2)] for _ in range(2)]
        self.next, self.pending = 0, None
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
            torch.cuda.synchronize()
            self.pending = None
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

    def _enqueue(self):
        slot, self.next = self.next, self.next ^ 1
        if self.flush_l2:
            self.flush.fill_(1)       # evicts the L2 before the start event
        start, end = self.events[slot]
        start.record()
        if self.graph:
            self.graph.replay()
        else:
            self.call()
        end.record()
        return slot

    def sample(self):
        if self.pending is None:
            self.pending = self._enqueue()
        measured, self.pending = self.pending, self._enqueue()   # the next unit keeps the device busy
        start, end = self.events[measured]
        end.synchronize()
        return start.elapsed_time(end) * 1e-3 / self.calls

    def repetition(self, min_time):
        total, n = 0.0, 0
        while total < min_time or n == 0:
            total += self.sample()
            n += 1
        return total / n
