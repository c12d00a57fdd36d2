// Timing of device calls (the suites' device variants, the GPU ceilings): CUDA events around
// calls on their stream (the time the device spent, not the host's launch overhead), the L2
// evicted before each call of an out-of-cache problem, and CUDA graphs for tiny in-cache
// calls. Without CUDA every call throws.
#pragma once
#include <functional>
#include <string>

namespace hotops {

// Evicts the device's L2: writes a buffer of twice its size on the stream; waits for it
// unless `wait` is false (then it is queued ahead of what follows).
void flush_device_l2(void* stream = nullptr, bool wait = true);

// The stream device jobs are timed on: created once, blocking (it orders with the legacy
// default stream, which the correctness checks' copies use), capturable into graphs.
void* timing_stream();

// How samples of one device job were taken, for the results.
struct DeviceTiming {
  std::string method = "events";  // "events" (one call per sample) | "graph" (calls_per_sample per replay)
  int calls_per_sample = 1;
  bool l2_flushed = false;  // the L2 was evicted before each timed call
  double probe_seconds = 0;  // one call, as first measured (what chose the method)
  std::string note;          // why no graph where one was wanted
};

// Calls per graph replay for a call of `seconds`: 1 (no graph) at or above kGraphBelow,
// else enough for a replay of about kGraphTarget, at least 2 and at most kGraphMaxCalls.
inline constexpr double kGraphBelow = 20e-6, kGraphTarget = 200e-6;
inline constexpr int kGraphMaxCalls = 1000;
int graph_calls_for(double seconds);

// Times `call` (which launches on `stream`) for a timing loop. Construction warms up and
// probes the call; each sample() then returns seconds per call. Samples are taken from units
// queued one ahead — [L2 flush], start event, the call (or a graph replay), end event — so
// that the host queues the next unit while the device runs one (no launch gap inside a
// measured interval, unless a lone call is shorter than the host's turn-around, which the
// flush or a graph covers), and a sample costs one unit of device time:
//  - flush_l2 (out of cache): each unit evicts the L2 before its start event;
//  - in cache, a call under kGraphBelow: graph_calls_for(probe) calls captured once into a
//    CUDA graph; a sample is one replay divided by the count;
//  - else: one call per unit.
// A call that cannot be captured (it synchronizes or allocates) is timed call by call, and
// timing().note says why.
class DeviceCallTimer {
 public:
  DeviceCallTimer(void* stream, std::function<void()> call, bool flush_l2);
  ~DeviceCallTimer();  // waits for the unit in flight
  DeviceCallTimer(const DeviceCallTimer&) = delete;
  DeviceCallTimer& operator=(const DeviceCallTimer&) = delete;
  double sample();
  const DeviceTiming& timing() const { return timing_; }

 private:
  int enqueue();  // one unit into the next slot; returns the slot
  void drain();
  void capture(int calls);
  void* stream_;
  std::function<void()> call_;
  DeviceTiming timing_;
  void* graph_ = nullptr;       // cudaGraphExec_t
  void* events_[2][2] = {};     // cudaEvent_t, [slot][start, end]
  int next_ = 0, pending_ = -1;  // slot enqueue() fills next; the unit in flight not yet measured
};

}  // namespace hotops
