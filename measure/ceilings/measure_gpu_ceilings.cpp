// The GPU ceilings run (hotops-ceilings --gpu): which bandwidths at which working sets, the
// FMA peak and the cuBLAS GEMM peaks, as entries of the ceilings file marked "device".
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <stdexcept>

#include "core/device_info.h"
#include "core/device_memory.h"
#include "core/device_timer.h"
#include "measure/ceilings/ceilings.h"
#include "measure/ceilings/cublas_gemm.h"
#include "measure/ceilings/gpu_bench.h"
#include "measure/machine.h"
#include "measure/stats.h"

namespace hotops::measure {
using nlohmann::json;

// The device runner needs the .cu kernels (gpu_bench.h), built only where nvcc is.
#ifdef HOTOPS_HAVE_CUDA
namespace {

constexpr const char* kDevice = "cuda";

// The measurement of the higher median is the entry's value: a ceiling is the best rate
// this device has been shown to reach (our kernel or the library's).
void choose_best(json& e) {
  std::string used;
  double best = -1;
  for (const char* tool : {"builtin", "library"})
    if (e.contains(tool) && e[tool].contains("median") && e[tool]["median"].get<double>() > best)
      best = e[tool]["median"].get<double>(), used = tool;
  if (used.empty()) return;
  e["value"] = best;
  e["used"] = used;
}

std::string summary_line(const json& e) {
  const std::string what = e.contains("level") ? e["level"].get<std::string>() + " " + e["kernel"].get<std::string>()
                                               : e["name"].get<std::string>();
  if (e.contains("skipped")) return fmt::format("{:<24} skipped: {}", what, e["skipped"].get<std::string>());
  return fmt::format("{:<24} {:>12.1f} {} ({})", what, e["value"].get<double>(), e["unit"].get<std::string>(),
                     e["used"].get<std::string>());
}

class GpuRunner {
 public:
  explicit GpuRunner(const GpuCeilingsOptions& o) : o_(o) {}

  json run() {
    const auto t0 = std::chrono::steady_clock::now();
    record_gpu_start_state();
    json out = {{"device_created_utc", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)))},
                {"device_mode", o_.quick ? "quick" : "full"},
                {"device_staleness_key", device_staleness_key()},
                {"device_conventions",
                 {{"bytes", "loads + stores per element as the kernel issues them (cudaMemcpy: bytes read + written)"},
                  {"ops", "multiply-add = 2 ops; GEMM = 2·m·n·k"},
                  {"timing", "CUDA events around the second of two identical launches (no host latency); median"},
                  {"data", "random (zeros make tensor cores faster than real data)"}}},
                {"compute", json::array()},
                {"bandwidth", json::array()}};
    const size_t l2 = gpu::l2_bytes();
    for (const char* level : {"device HBM", "device L2"})
      for (StreamOp op : {StreamOp::read, StreamOp::write, StreamOp::copy, StreamOp::triad})
        out["bandwidth"].push_back(log(bandwidth(level, op, l2)));
    out["compute"].push_back(log(fma_peak()));
    for (json& e : gemm_peaks()) out["compute"].push_back(log(e));
    out["device_environment"] = environment().value("gpu", json::array()).at(0);  // with clocks before and after
    out["device_duration_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
  }

 private:
  int samples() const { return o_.quick ? 5 : 11; }

  // Rates of `work` per call (bytes or ops, in giga per second) over samples() samples, timed
  // as the suites time device calls (core/device_timer.h: in cache, the calls are long enough
  // for no graph). `work` is read after the warm-up call, so a launch may set it.
  json rates(const double& work, const std::function<void(void*)>& launch) const {
    void* stream = timing_stream();
    DeviceCallTimer timer(stream, [&] { launch(stream); }, /*flush_l2=*/false);
    std::vector<double> r;
    for (int k = 0; k < samples(); ++k) r.push_back(work / timer.sample() / 1e9);
    return summarize(r).to_json();
  }

  json& log(json& e) const {
    if (o_.log) o_.log(summary_line(e));
    return e;
  }
  json log(json&& e) const {
    log(e);
    return std::move(e);
  }

  // Device memory: arrays of 1 GiB each (256 MiB quick), many times any L2, one pass per
  // launch. L2: all arrays together a quarter of the L2, passed over until ~4 GB moved.
  json bandwidth(const std::string& level, StreamOp op, size_t l2) const {
    const StreamOpInfo& info = stream_op_info(op);
    const bool hbm = level == "device HBM";
    const size_t per_array = hbm ? (size_t(o_.quick ? 256 : 1024) << 20) : l2 / 4 / size_t(info.streams) / 16 * 16;
    const int64_t n4 = int64_t(per_array / 16);
    const double bytes_per_pass = double(info.streams) * double(per_array);
    const int reps = hbm ? 1 : int(std::ceil(4e9 / bytes_per_pass));
    json e = {{"level", level}, {"kernel", info.name}, {"device", kDevice}, {"what", info.what}, {"unit", "GB/s"},
              {"working_set_bytes", bytes_per_pass}, {"passes_per_launch", reps}};
    DeviceBuffer a(per_array), b(per_array), c(per_array);
    for (DeviceBuffer* x : {&a, &b, &c}) gpu::fill_random(x->data(), int64_t(per_array / 4), gpu::Fill::f32, 3);
    e["builtin"] = rates(bytes_per_pass * reps,
                         [&](void* s) { gpu::launch_stream(op, a.data(), b.data(), c.data(), n4, reps, s); });
    if (hbm && op == StreamOp::copy) {  // the library's copy too: what METHOD.md calls the copy ceiling
      e["library"] =
          rates(2.0 * double(per_array), [&](void* s) { gpu::launch_memcpy(a.data(), b.data(), per_array, s); });
      e["library"]["call"] = "cudaMemcpyAsync device to device";
    }
    choose_best(e);
    return e;
  }

  json fma_peak() const {
    json e = {{"name", "fp32 cuda fma"}, {"device", kDevice}, {"dtype", "fp32"}, {"isa", "cuda"},
              {"op", "fma"},           {"unit", "GFLOP/s"}};
    double flops = 0;
    e["builtin"] = rates(flops, [&](void* s) { flops = gpu::launch_fma(o_.quick ? 1 << 15 : 1 << 17, s); });
    e["builtin"]["what"] = "8 independent FMA chains per thread, 2048 threads per SM";
    choose_best(e);
    return e;
  }

  std::vector<json> gemm_peaks() const {
    gpu::CublasInfo info;
    const int size = o_.quick ? std::min(o_.gemm_size, 4096) : o_.gemm_size;
    std::vector<json> out;
    for (const gpu::GemmPeak& p : gpu::measure_gemm_peaks(size, samples(), &info)) {
      json e = {{"name", p.name}, {"device", kDevice}, {"dtype", p.dtype}, {"isa", "cuda"},
                {"op", "gemm"},   {"unit", p.unit},    {"size", p.size}};
      if (!p.skipped.empty()) {
        e["skipped"] = p.skipped;
      } else {
        e["library"] = summarize(p.rates).to_json();
        e["library"]["call"] = fmt::format("cublasGemmEx {}³, A transposed, cuBLAS {} ({})", p.size, info.version,
                                           info.library);
        choose_best(e);
      }
      out.push_back(e);
    }
    return out;
  }

  const GpuCeilingsOptions& o_;
};

}  // namespace
#endif

json measure_gpu_ceilings(const GpuCeilingsOptions& o) {
#ifdef HOTOPS_HAVE_CUDA
  if (!cuda_device_present())
    throw NoDevice("no CUDA device on this machine (or no driver): nothing to measure with --gpu");
  return GpuRunner(o).run();
#else
  (void)o;
  throw NoDevice("this build has no CUDA (nvcc was not found when it was configured): nothing to measure with --gpu");
#endif
}

json merge_device_ceilings(const json& file, const json& gpu) {
  json out = file;
  if (out.is_null()) {
    out = {{"schema", "hotops-ceilings"},
           {"schema_version", kCeilingsSchemaVersion},
           {"created_utc", gpu.value("device_created_utc", "")},
           {"mode", "device only"},
           {"cpu_not_measured", "written by hotops-ceilings --gpu; run hotops-ceilings without --gpu for the CPU"},
           {"staleness_key", staleness_key()},
           {"environment", environment(machine_name())},
           {"compute", json::array()},
           {"bandwidth", json::array()}};
  }
  for (const char* section : {"compute", "bandwidth"}) {
    out[section] = cpu_entries(out[section]);
    for (const json& e : gpu.at(section)) out[section].push_back(e);
  }
  for (const auto& [key, value] : gpu.items())
    if (key.starts_with("device_")) out[key] = value;
  out.erase("device_dropped");
  return out;
}

}  // namespace hotops::measure
