#include "measure/ceilings/drift.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/buffer.h"
#include "core/isa.h"
#include "measure/ceilings/stream_kernels.h"
#include "measure/ceilings/team.h"
#include "measure/machine.h"
#include "measure/stats.h"

namespace hotops::measure {

DriftPlan plan_drift(int threads, double available_bytes) {
  DriftPlan p;
  p.threads = std::max(1, threads);
  const Topology& topo = host_topology();
  size_t llc_total = 0;
  if (!topo.caches.empty()) llc_total = topo.last_level().size * size_t(std::max(1, topo.last_level().instances));
  const size_t want = std::max(size_t(64) << 20, 4 * llc_total);
  if (available_bytes > 0 && double(want) > available_bytes / 4) {
    p.skipped = fmt::format("a DRAM-sized copy ({:.0f} MiB, 4x the last-level cache) is more than a quarter of the "
                            "memory available ({:.0f} MiB)", want / 1048576.0, available_bytes / 1048576.0);
    return p;
  }
  p.bytes = want;
  return p;
}

double measure_copy_gbps(const DriftPlan& plan) {
  if (plan.bytes == 0) return 0;
  const int threads = plan.threads;
  const size_t n = std::max<size_t>(32, plan.bytes / (16 * size_t(threads)) / 32 * 32);  // two arrays per thread
  const bool avx2 = missing_features(isa("avx2").features).empty();
  std::vector<Buffer<double>> a(threads), b(threads);
  TeamKernel k;
  k.setup = [&](int t) {  // first touch on the thread's own core
    a[t] = Buffer<double>(n);
    b[t] = Buffer<double>(n);
    std::fill(a[t].begin(), a[t].end(), 1.0);
    std::fill(b[t].begin(), b[t].end(), 2.0);
  };
  k.run = [&](int t, int64_t rounds) {
    return avx2 ? stream_avx2(StreamOp::copy, a[t].data(), b[t].data(), nullptr, n, rounds)
                : stream_sse2(StreamOp::copy, a[t].data(), b[t].data(), nullptr, n, rounds);
  };
  // Seven ~0.1 s repetitions: a 3-sample median of 50 ms moved by ±10 % on a quiet VM.
  const std::vector<double> rates = run_team(k, {threads, 0.1, 7, 0.05});
  return summarize(rates).median / 1e9;
}

nlohmann::json drift_json(const DriftPlan& plan, double start_gbps, double end_gbps) {
  nlohmann::json j = {{"level", "DRAM"}, {"kernel", "copy"}, {"threads", plan.threads}};
  if (plan.bytes == 0) {
    j["skipped"] = plan.skipped;
    return j;
  }
  j["working_set_bytes"] = plan.bytes;
  j["start_gbps"] = start_gbps;
  j["end_gbps"] = end_gbps;
  return j;
}

}  // namespace hotops::measure
