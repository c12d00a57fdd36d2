// The ceilings run: which peaks and bandwidths, at which working sets, from which tool.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>

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

struct PeakSpec {
  const char* name;
  const char* dtype;
  const char* isa;
  const char* op;
  const char* unit;
  uint32_t needs;
  double (*kernel)(int64_t);
  const char* likwid_test;  // "" = likwid-bench has no equivalent
};

const PeakSpec kPeaks[] = {
    {"fp32 scalar mul+add", "fp32", "scalar", "mul+add", "GFLOP/s", isa("scalar").features, peak_fp32_scalar, "peakflops_sp"},
    {"fp32 sse2 mul+add", "fp32", "sse2", "mul+add", "GFLOP/s", isa("scalar").features, peak_fp32_sse2, "peakflops_sp_sse"},
    {"fp32 avx2 fma", "fp32", "avx2", "fma", "GFLOP/s", isa("avx2").features, peak_fp32_avx2_fma, "peakflops_sp_avx_fma"},
    {"fp32 avx512f fma", "fp32", "avx512f", "fma", "GFLOP/s", isa("avx512f").features, peak_fp32_avx512f_fma,
     "peakflops_sp_avx512_fma"},
    {"fp64 scalar mul+add", "fp64", "scalar", "mul+add", "GFLOP/s", isa("scalar").features, peak_fp64_scalar, "peakflops"},
    {"fp64 sse2 mul+add", "fp64", "sse2", "mul+add", "GFLOP/s", isa("scalar").features, peak_fp64_sse2, "peakflops_sse"},
    {"fp64 avx2 fma", "fp64", "avx2", "fma", "GFLOP/s", isa("avx2").features, peak_fp64_avx2_fma, "peakflops_avx_fma"},
    {"fp64 avx512f fma", "fp64", "avx512f", "fma", "GFLOP/s", isa("avx512f").features, peak_fp64_avx512f_fma,
     "peakflops_avx512_fma"},
    {"bf16 avx512bf16 dot", "bf16", "avx512bf16", "dot", "GFLOP/s", isa("avx512bf16").features, peak_bf16_avx512bf16, ""},
    {"int8 avx2 dot", "int8", "avx2", "dot", "GOP/s", isa("avx2").features, peak_int8_avx2, ""},
    {"int8 avxvnni dot", "int8", "avxvnni", "dot", "GOP/s", isa("avxvnni").features, peak_int8_avxvnni, ""},
    {"int8 avx512vnni dot", "int8", "avx512vnni", "dot", "GOP/s", isa("avx512vnni").features, peak_int8_avx512vnni, ""},
};

constexpr int64_t kPeakIterationsPerRound = 4096;

struct Params {
  double target_seconds;  // per built-in repetition
  int repetitions;
  int likwid_repetitions;
  double likwid_seconds;
  double warmup_seconds;
  size_t dram_min_bytes;
  int dram_llc_multiple;
};

Params params_for(bool quick) {
  if (quick) return {0.02, 3, 1, 0.1, 0.05, size_t(256) << 20, 8};
  return {0.1, 7, 3, 0.4, 0.3, size_t(1) << 30, 8};
}

// One memory level's per-thread working set, or why the level is not measured.
struct LevelPlan {
  std::string level;
  size_t per_thread = 0;
  std::string skipped;
};

// Working sets sit well inside the level and well outside the one below:
// L1: half of L1d; L2: midway between L1d and L2; L3: midway between L2 and this
// thread's share of L3; DRAM: several times all L3 capacity.
std::vector<LevelPlan> plan_levels(const Topology& topo, int threads, const Params& p) {
  std::vector<LevelPlan> out;
  const CacheLevel* l1 = topo.find("L1d");
  const CacheLevel* l2 = topo.find("L2");
  const CacheLevel* l3 = topo.find("L3");
  if (l1) out.push_back({"L1", l1->size / 2, ""});
  if (l1 && l2) out.push_back({"L2", (l1->size + l2->size) / 2, ""});
  if (l2 && l3) {
    const int used = std::min(l3->instances, (threads + l3->cores_per_instance - 1) / l3->cores_per_instance);
    const size_t share = l3->size * size_t(std::max(1, used)) / size_t(threads);
    if (share <= l2->size)
      out.push_back({"L3", 0, fmt::format("L3 share per thread ({} B) is not larger than L2", share)});
    else
      out.push_back({"L3", (l2->size + share) / 2, ""});
  }
  size_t llc_total = 0;
  if (!topo.caches.empty()) llc_total = topo.last_level().size * size_t(std::max(1, topo.last_level().instances));
  size_t dram = std::max(p.dram_min_bytes, llc_total * size_t(p.dram_llc_multiple));
  if (topo.memory_bytes) dram = std::min(dram, topo.memory_bytes / 4);
  if (dram < 2 * llc_total)
    out.push_back({"DRAM", 0, fmt::format("a quarter of RAM ({} B) is not twice the LLC", dram)});
  else
    out.push_back({"DRAM", dram / size_t(threads), ""});
  return out;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The roofline uses the higher of the two tools: both count bytes and flops the same
// way, and a ceiling is the best rate this machine has been shown to reach.
void choose(json& entry) {
  const double builtin = entry["builtin"]["median"].get<double>();
  double value = builtin;
  std::string used = "builtin";
  if (entry["likwid"].contains("median")) {
    const double lw = entry["likwid"]["median"].get<double>();
    entry["likwid_over_builtin"] = lw / builtin;
    if (lw > builtin) {
      value = lw;
      used = "likwid";
    }
  }
  entry["value"] = value;
  entry["used"] = used;
}

class Runner {
 public:
  Runner(const CeilingsOptions& o) : o_(o), p_(params_for(o.quick)), topo_(host_topology()) {
    if (o.wanted) {
      lb_.unavailable = "not run for a subset (" + o.subset_for + "); ./run_suite.sh ceilings runs it";
    } else if (o.likwid) {
      lb_ = probe_likwid_bench(o.likwid_bench);
    } else {
      lb_.unavailable = "disabled (--no-likwid)";
    }
    threads_ = o.threads;
    if (threads_.empty()) threads_ = {1};
    if (o.threads.empty() && topo_.cores > 1) threads_.push_back(topo_.cores);
  }

  // One entry to measure: a peak or a (level, kernel), on a thread count.
  struct Planned {
    const PeakSpec* peak = nullptr;
    LevelPlan level;
    StreamOp op = StreamOp::read;
    int threads = 1;
    json identity;
  };

  std::vector<Planned> plan() const {
    std::vector<Planned> out;
    auto add = [&](Planned e) {
      if (!o_.wanted || o_.wanted(e.identity)) out.push_back(std::move(e));
    };
    for (const PeakSpec& s : kPeaks)
      for (int t : threads_) add({&s, {}, StreamOp::read, t, {{"name", s.name}, {"threads", t}}});
    for (int t : threads_)
      for (const LevelPlan& lp : plan_levels(topo_, t, p_))
        for (StreamOp op : {StreamOp::read, StreamOp::write, StreamOp::copy, StreamOp::triad})
          add({nullptr, lp, op, t,
               {{"level", lp.level}, {"kernel", std::string(stream_op_info(op).name)}, {"threads", t}}});
    return out;
  }

  json run() {
    const auto t0 = std::chrono::steady_clock::now();
    json out = {{"schema", "hotops-ceilings"},
                {"schema_version", kCeilingsSchemaVersion},
                {"created_utc", utc_now()},
                {"mode", o_.wanted ? "subset" : o_.quick ? "quick" : "full"},
                {"staleness_key", staleness_key()},
                {"environment", environment()},
                {"conventions", conventions()}};
    // Other work on the machine lowers every ceiling: probe it, record it, and say so.
    LoadProbe load = o_.load ? *o_.load : probe_load(o_.load_options);
    if (load.busy) log("warning: the machine is busy (" + load.detail + "): ceilings will be low and noisy");
    out["environment"]["loadavg_before"] = load.before;
    out["likwid_bench"] = lb_.path.empty() ? json{{"skipped", lb_.unavailable}}
                                           : json{{"path", lb_.path}, {"version", lb_.version}};
    if (o_.wanted) out["subset_for"] = o_.subset_for;
    out["compute"] = json::array();
    out["bandwidth"] = json::array();
    for (const Planned& e : plan()) {
      if (e.peak)
        out["compute"].push_back(compute(*e.peak, e.threads));
      else
        out["bandwidth"].push_back(bandwidth(e.level, e.op, e.threads));
    }
    finish_load_probe(load, o_.load_options);
    out["environment"]["loadavg_after"] = load.after;
    out["environment"]["load"] = load.to_json();
    out["duration_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
  }

 private:
  static json conventions() {
    return {{"bytes", "loads + stores per element as the kernel issues them; write-allocate reads not counted "
                      "(likwid-bench's convention); ordinary stores, no non-temporal stores"},
            {"ops", "multiply-add = 2 ops; bf16/int8 dot = 2 ops per element pair"},
            {"threads", "one thread per physical core, pinned with hwloc; 'all' = every core"},
            {"value", "median over repetitions; the higher of builtin and likwid ('used')"},
            {"units", "GB/s = 1e9 B/s, GFLOP/s = 1e9 ops/s"}};
  }

  void log(const std::string& line) const {
    if (o_.log) o_.log(line);
  }

  json likwid_side(const std::string& test, uint32_t needs, const std::string& work_key, size_t bytes, int threads,
                   double builtin_rate_per_s, bool in_quick_subset) {
    in_quick_subset = in_quick_subset || !o_.quick;
    if (test.empty()) return {{"skipped", "likwid-bench has no equivalent kernel"}};
    if (lb_.path.empty()) return {{"skipped", lb_.unavailable}};
    if (!lb_.has(test)) return {{"skipped", "likwid-bench has no test '" + test + "'"}};
    if (std::string why = missing_features(needs); !why.empty()) return {{"test", test}, {"skipped", why}};
    if (!in_quick_subset)
      return {{"test", test},
              {"skipped", "--quick runs likwid-bench only for copy, triad and the widest FMA peaks "
                          "(each run spends 1 s calibrating its clock)"}};
    json j = {{"test", test}};
    int64_t iters = 0;
    try {
      iters = likwid_iterations(lb_, test, work_key, bytes, builtin_rate_per_s, p_.likwid_seconds);
    } catch (const std::exception& e) {
      j["failed"] = std::string("likwid-bench -l ") + test + ": " + e.what();
      return j;
    }
    std::vector<double> samples;
    for (int r = 0; r < p_.likwid_repetitions; ++r) {
      LikwidRun run = run_likwid_bench(lb_, test, bytes, threads, iters);
      j["command"] = run.command;
      if (!run.error.empty()) {
        j["failed"] = run.error;
        return j;
      }
      const double rate = work_key == "Flops per element" ? run.report.mflops_per_s : run.report.mbytes_per_s;
      samples.push_back(rate / 1e3);  // MB/s, MFLOP/s → GB/s, GFLOP/s
    }
    j.update(summarize(samples).to_json());
    return j;
  }

  json compute(const PeakSpec& s, int threads) {
    json e = {{"name", s.name}, {"dtype", s.dtype}, {"isa", s.isa}, {"op", s.op},
              {"unit", s.unit}, {"threads", threads}};
    if (std::string why = missing_features(s.needs); !why.empty()) {
      e["skipped"] = why;
      log(fmt::format("{:<22} {:>3} thr  skipped: {}", s.name, threads, why));
      return e;
    }
    TeamKernel k{nullptr, [&](int, int64_t rounds) { return s.kernel(rounds * kPeakIterationsPerRound); }};
    std::vector<double> rates = run_team(k, {threads, p_.target_seconds, p_.repetitions, p_.warmup_seconds});
    for (double& r : rates) r /= 1e9;
    e["builtin"] = summarize(rates).to_json();
    const size_t bytes = std::max<size_t>(4096, (topo_.find("L1d") ? topo_.find("L1d")->size / 2 : 16384)) * threads;
    e["likwid"] = likwid_side(s.likwid_test, s.needs, "Flops per element", bytes, threads,
                              e["builtin"]["median"].get<double>() * 1e9, widest_fma(s));
    choose(e);
    log_entry(s.name, threads, e);
    return e;
  }

  json bandwidth(const LevelPlan& lp, StreamOp op, int threads) {
    const StreamOpInfo& info = stream_op_info(op);
    json e = {{"level", lp.level}, {"kernel", info.name}, {"what", info.what}, {"threads", threads}, {"unit", "GB/s"}};
    const std::string label = lp.level + " " + std::string(info.name);
    if (!lp.skipped.empty()) {
      e["skipped"] = lp.skipped;
      log(fmt::format("{:<22} {:>3} thr  skipped: {}", label, threads, lp.skipped));
      return e;
    }
    const bool avx2 = missing_features(isa("avx2").features).empty();
    // Per thread: `streams` arrays of n doubles, n a multiple of 32.
    const size_t n = std::max<size_t>(32, lp.per_thread / (8 * size_t(info.streams)) / 32 * 32);
    e["working_set_bytes"] = n * 8 * size_t(info.streams) * size_t(threads);
    std::vector<Buffer<double>> a(threads), b(threads), c(threads);
    TeamKernel k;
    k.setup = [&](int t) {  // first touch on the thread's own core
      a[t] = Buffer<double>(n);
      std::fill(a[t].begin(), a[t].end(), 1.0);
      if (info.streams > 1) b[t] = Buffer<double>(n), std::fill(b[t].begin(), b[t].end(), 2.0);
      if (info.streams > 2) c[t] = Buffer<double>(n), std::fill(c[t].begin(), c[t].end(), 3.0);
    };
    k.run = [&](int t, int64_t rounds) {
      return avx2 ? stream_avx2(op, a[t].data(), b[t].data(), c[t].data(), n, rounds)
                  : stream_sse2(op, a[t].data(), b[t].data(), c[t].data(), n, rounds);
    };
    std::vector<double> rates = run_team(k, {threads, p_.target_seconds, p_.repetitions, p_.warmup_seconds});
    a.clear(), b.clear(), c.clear();  // free before likwid-bench allocates its own
    for (double& r : rates) r /= 1e9;
    e["builtin"] = summarize(rates).to_json();
    e["builtin"]["isa"] = avx2 ? "avx2" : "sse2";
    static const std::map<std::string, std::pair<std::string, std::string>> tests = {
        {"read", {"load_avx", "load_sse"}},
        {"write", {"store_avx", "store_sse"}},
        {"copy", {"copy_avx", "copy_sse"}},
        {"triad", {"stream_avx_fma", "stream_sse"}}};
    const auto& [t_avx, t_sse] = tests.at(std::string(info.name));
    e["likwid"] = likwid_side(avx2 ? t_avx : t_sse, avx2 ? isa("avx2").features : isa("scalar").features, "Bytes per element",
                              e["working_set_bytes"].get<size_t>(), threads,
                              e["builtin"]["median"].get<double>() * 1e9,
                              op == StreamOp::copy || op == StreamOp::triad);
    choose(e);
    log_entry(label, threads, e);
    return e;
  }

  // The FMA peak of the widest vector ISA this CPU runs (what the acceptance check compares).
  static bool widest_fma(const PeakSpec& s) {
    if (std::string(s.op) != "fma") return false;
    const bool has512 = missing_features(isa("avx512f").features).empty();
    return std::string(s.isa) == (has512 ? "avx512f" : "avx2");
  }

  void log_entry(const std::string& label, int threads, const json& e) const {
    std::string lw = e["likwid"].contains("median")  ? fmt::format("{:9.1f}", e["likwid"]["median"].get<double>())
                     : e["likwid"].contains("failed") ? "failed: " + e["likwid"]["failed"].get<std::string>()
                                                      : "-";
    log(fmt::format("{:<22} {:>3} thr  builtin {:9.1f} (spread {:4.1f}%)  likwid {}  {}", label, threads,
                    e["builtin"]["median"].get<double>(), 100 * e["builtin"]["spread"].get<double>(), lw,
                    e["unit"].get<std::string>()));
  }

  const CeilingsOptions& o_;
  Params p_;
  const Topology& topo_;
  LikwidBench lb_;
  std::vector<int> threads_;
};

}  // namespace

std::string busy_refusal(const LoadProbe& probe) {
  return fmt::format("the machine is busy ({}); ceilings measured now would be low and noisy. Measure on a quiet "
                     "machine, or pass --allow-busy to record them marked busy", probe.detail);
}

json measure_ceilings(const CeilingsOptions& options) { return Runner(options).run(); }

std::vector<json> planned_ceilings(const CeilingsOptions& options) {
  std::vector<json> ids;
  for (const auto& e : Runner(options).plan()) ids.push_back(e.identity);
  return ids;
}

json ceiling_identity(const json& entry) {
  if (entry.contains("level"))
    return {{"level", entry.value("level", "")}, {"kernel", entry.value("kernel", "")}, {"threads", entry.value("threads", 0)}};
  return {{"name", entry.value("name", "")}, {"threads", entry.value("threads", 0)}};
}

json merge_ceilings(const json& base, const json& added) {
  if (base.is_null()) return added;
  json out = base;
  for (const char* kind : {"compute", "bandwidth"})
    for (const json& e : added.value(kind, json::array())) {
      json& list = out[kind];
      const json id = ceiling_identity(e);
      auto same = std::find_if(list.begin(), list.end(), [&](const json& old) { return ceiling_identity(old) == id; });
      if (same != list.end()) *same = e;
      else list.push_back(e);
    }
  out["subsets"].push_back({{"for", added.value("subset_for", "")},
                            {"created_utc", added.value("created_utc", "")},
                            {"duration_s", added.value("duration_s", 0.0)}});
  return out;
}

}  // namespace hotops::measure
