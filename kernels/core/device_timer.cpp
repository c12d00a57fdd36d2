#include "core/device_timer.h"

#include <algorithm>
#include <cmath>

#include "core/cuda_check.h"
#include "core/device_memory.h"

namespace hotops {

int graph_calls_for(double seconds) {
  if (!(seconds < kGraphBelow)) return 1;  // NaN too
  const double calls = std::ceil(kGraphTarget / std::max(seconds, 1e-9));
  return int(std::clamp(calls, 2.0, double(kGraphMaxCalls)));
}

#ifdef HOTOPS_HAVE_CUDA
namespace {
cudaStream_t as_stream(void* s) { return static_cast<cudaStream_t>(s); }
cudaEvent_t as_event(void* e) { return static_cast<cudaEvent_t>(e); }
}  // namespace

void flush_device_l2(void* stream, bool wait) {
  static DeviceBuffer scratch = [] {
    int device = 0, l2 = 0;
    cuda_check(cudaGetDevice(&device), "cudaGetDevice");
    cuda_check(cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, device), "cudaDeviceGetAttribute(L2)");
    return DeviceBuffer(2 * size_t(l2 > 0 ? l2 : 64 << 20));
  }();
  static int pattern = 0;
  cuda_check(cudaMemsetAsync(scratch.data(), ++pattern & 0xff, scratch.bytes(), as_stream(stream)),
             "cudaMemsetAsync (L2 flush)");
  if (wait) cuda_check(cudaStreamSynchronize(as_stream(stream)), "cudaStreamSynchronize");
}

void* timing_stream() {
  static cudaStream_t s = [] {
    cudaStream_t created = nullptr;
    cuda_check(cudaStreamCreate(&created), "cudaStreamCreate");
    return created;
  }();
  return s;
}

DeviceCallTimer::DeviceCallTimer(void* stream, std::function<void()> call, bool flush_l2)
    : stream_(stream), call_(std::move(call)) {
  timing_.l2_flushed = flush_l2;
  for (auto& slot : events_)
    for (void*& e : slot) {
      cudaEvent_t created;
      cuda_check(cudaEventCreate(&created), "cudaEventCreate");
      e = created;
    }
  call_();  // warm-up: module load, first touch of the operands, library handles
  cuda_check(cudaStreamSynchronize(as_stream(stream_)), "cudaStreamSynchronize (warm-up)");
  double probe[3];
  for (double& p : probe) p = sample();
  std::sort(probe, probe + 3);
  timing_.probe_seconds = probe[1];
  if (flush_l2) return;
  if (const int calls = graph_calls_for(timing_.probe_seconds); calls > 1) {
    if (!stream_) {
      timing_.note = "no graph: calls on the legacy default stream cannot be captured";
    } else {
      drain();
      capture(calls);
    }
  }
}

DeviceCallTimer::~DeviceCallTimer() {
  if (pending_ >= 0) cudaStreamSynchronize(as_stream(stream_));
  if (graph_) cudaGraphExecDestroy(static_cast<cudaGraphExec_t>(graph_));
  for (auto& slot : events_)
    for (void* e : slot)
      if (e) cudaEventDestroy(as_event(e));
}

int DeviceCallTimer::enqueue() {
  const int slot = next_;
  next_ ^= 1;
  const cudaStream_t s = as_stream(stream_);
  if (timing_.l2_flushed) flush_device_l2(stream_, /*wait=*/false);
  cuda_check(cudaEventRecord(as_event(events_[slot][0]), s), "cudaEventRecord");
  if (graph_) cuda_check(cudaGraphLaunch(static_cast<cudaGraphExec_t>(graph_), s), "cudaGraphLaunch");
  else call_();
  cuda_check(cudaEventRecord(as_event(events_[slot][1]), s), "cudaEventRecord");
  return slot;
}

void DeviceCallTimer::drain() {
  cuda_check(cudaStreamSynchronize(as_stream(stream_)), "cudaStreamSynchronize");
  pending_ = -1;
}

double DeviceCallTimer::sample() {
  if (pending_ < 0) pending_ = enqueue();
  const int measured = pending_;
  pending_ = enqueue();  // the next unit keeps the device busy while this one is read
  cuda_check(cudaEventSynchronize(as_event(events_[measured][1])), "cudaEventSynchronize");
  float ms = 0;
  cuda_check(cudaEventElapsedTime(&ms, as_event(events_[measured][0]), as_event(events_[measured][1])),
             "cudaEventElapsedTime");
  return double(ms) * 1e-3 / timing_.calls_per_sample;
}

void DeviceCallTimer::capture(int calls) {
  cudaGraph_t graph = nullptr;
  std::string why;
  cuda_check(cudaStreamBeginCapture(as_stream(stream_), cudaStreamCaptureModeThreadLocal), "cudaStreamBeginCapture");
  try {
    for (int i = 0; i < calls; ++i) call_();
  } catch (const std::exception& e) {
    why = e.what();
  }
  const cudaError_t ended = cudaStreamEndCapture(as_stream(stream_), &graph);  // always leave capture mode
  if (why.empty() && ended != cudaSuccess) why = std::string("cudaStreamEndCapture: ") + cudaGetErrorString(ended);
  cudaGraphExec_t exec = nullptr;
  if (why.empty()) {
    if (const cudaError_t e = cudaGraphInstantiate(&exec, graph, 0); e != cudaSuccess)
      why = std::string("cudaGraphInstantiate: ") + cudaGetErrorString(e);
  }
  if (graph) cudaGraphDestroy(graph);
  if (!why.empty()) {
    cudaGetLastError();  // a failed capture leaves a (non-sticky) error behind
    timing_.note = "no graph: the call could not be captured (" + why + ")";
    return;
  }
  graph_ = exec;
  timing_.method = "graph";
  timing_.calls_per_sample = calls;
}
#else
void flush_device_l2(void*, bool) { no_cuda(); }
void* timing_stream() { no_cuda(); }
DeviceCallTimer::DeviceCallTimer(void* stream, std::function<void()> call, bool)
    : stream_(stream), call_(std::move(call)) {
  no_cuda();
}
DeviceCallTimer::~DeviceCallTimer() = default;
int DeviceCallTimer::enqueue() { no_cuda(); }
void DeviceCallTimer::drain() { no_cuda(); }
void DeviceCallTimer::capture(int) { no_cuda(); }
double DeviceCallTimer::sample() { no_cuda(); }
#endif

}  // namespace hotops
