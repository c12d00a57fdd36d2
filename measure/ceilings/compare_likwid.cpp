// Paired, interleaved comparison with likwid-bench for the acceptance ceilings: on a
// shared host the rate drifts by minutes, so each built-in repetition is followed at
// once by a likwid-bench run of the same length and the two are compared pair by pair.
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "core/buffer.h"
#include "core/isa.h"
#include "measure/ceilings/ceilings.h"
#include "measure/ceilings/likwid_bench.h"
#include "measure/ceilings/peak_kernels.h"
#include "measure/ceilings/stream_kernels.h"
#include "measure/ceilings/team.h"
#include "measure/machine.h"
#include "measure/stats.h"

namespace hotops::measure {
namespace {

using nlohmann::json;

constexpr double kSeconds = 0.25;  // per built-in repetition and per likwid-bench run

struct Item {
  std::string name, test;
  bool flops;
  StreamOp op;
};

}  // namespace

json compare_with_likwid(int pairs, const std::function<void(const std::string&)>& log) {
  if (pairs < 1) throw std::invalid_argument("compare_with_likwid: need at least one pair");
  if (!missing_features(isa("avx2").features).empty()) throw std::runtime_error("the comparison uses AVX2 kernels: " + missing_features(isa("avx2").features));
  const LikwidBench lb = probe_likwid_bench();
  if (lb.path.empty()) throw std::runtime_error(lb.unavailable);
  const Topology& topo = host_topology();
  const size_t dram = size_t(1) << 30;
  const std::vector<Item> items = {{"DRAM copy", "copy_avx", false, StreamOp::copy},
                                   {"DRAM triad", "stream_avx_fma", false, StreamOp::triad},
                                   {"fp32 avx2 fma", "peakflops_sp_avx_fma", true, StreamOp::read}};
  std::vector<int> thread_counts = {1};
  if (topo.cores > 1) thread_counts.push_back(topo.cores);
  json rows = json::array();
  for (int t : thread_counts) {
    for (const Item& it : items) {
      const StreamOpInfo& info = stream_op_info(it.op);
      const size_t n = dram / size_t(t) / (8 * size_t(info.streams)) / 32 * 32;
      std::vector<Buffer<double>> a(t), b(t), c(t);
      TeamKernel k;
      if (it.flops) {
        k.run = [](int, int64_t r) { return peak_fp32_avx2_fma(r * 4096); };
      } else {
        k.setup = [&](int i) {
          for (auto* v : {&a[i], &b[i], &c[i]}) *v = Buffer<double>(n), std::fill(v->begin(), v->end(), 1.0);
        };
        k.run = [&](int i, int64_t r) { return stream_avx2(it.op, a[i].data(), b[i].data(), c[i].data(), n, r); };
      }
      const size_t bytes = it.flops ? size_t(16000) * size_t(t) : n * 8 * size_t(info.streams) * size_t(t);
      std::vector<double> bi, lw, ratio;
      json commands = json::array();
      for (int p = 0; p < pairs; ++p) {
        bi.push_back(run_team(k, {t, kSeconds, 1, 0.2})[0] / 1e9);
        const int64_t iters = likwid_iterations(lb, it.test, it.flops ? "Flops per element" : "Bytes per element",
                                                bytes, bi.back() * 1e9, kSeconds);
        const LikwidRun run = run_likwid_bench(lb, it.test, bytes, t, iters);
        if (!run.error.empty()) throw std::runtime_error(it.test + ": " + run.error);
        lw.push_back((it.flops ? run.report.mflops_per_s : run.report.mbytes_per_s) / 1e3);
        ratio.push_back(bi.back() / lw.back());
        if (p == 0) commands = run.command;
      }
      const Summary sb = summarize(bi), sl = summarize(lw), sr = summarize(ratio);
      rows.push_back({{"ceiling", it.name}, {"threads", t}, {"unit", it.flops ? "GFLOP/s" : "GB/s"},
                      {"builtin", sb.to_json()}, {"likwid", sl.to_json()}, {"likwid_test", it.test},
                      {"likwid_command", commands}, {"paired_ratio", sr.to_json()},
                      {"within_10pct", std::abs(sr.median - 1) <= 0.10}});
      if (log)
        log(fmt::format("{:<14} {:>2} thr  builtin {:8.2f}  likwid {:8.2f}  paired builtin/likwid {:.3f}", it.name, t,
                        sb.median, sl.median, sr.median));
    }
  }
  return {{"pairs", pairs}, {"seconds_per_run", kSeconds}, {"dram_working_set_bytes", dram}, {"rows", rows}};
}

}  // namespace hotops::measure
