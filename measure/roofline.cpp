#include "measure/roofline.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "measure/ceilings/ceilings.h"

namespace hotops::measure {
namespace {

using nlohmann::json;

// A ceiling value at a thread count, possibly derived from the 1- and all-core entries.
struct Value {
  double value = 0;
  std::string source;  // builtin | likwid
  int measured_threads = 0;
  bool derived = false;
};

int all_cores(const json& ceilings) {
  int all = 1;
  for (const json& e : ceilings["compute"]) all = std::max(all, e.value("threads", 1));
  for (const json& e : ceilings["bandwidth"]) all = std::max(all, e.value("threads", 1));
  return all;
}

template <class Find>
std::optional<Value> at_threads(const json& ceilings, int threads, Find find) {
  const int all = all_cores(ceilings);
  const json* exact = find(std::min(threads, all));
  if (exact) return Value{exact->at("value").get<double>(), exact->value("used", ""), std::min(threads, all), false};
  const json* one = find(1);
  const json* every = find(all);
  if (!one) return std::nullopt;
  double v = one->at("value").get<double>() * threads;
  if (every) v = std::min(v, every->at("value").get<double>());
  return Value{v, one->value("used", ""), 1, true};
}

// The measured peak for one op kind on the ISA a variant computes with; empty when the
// ceilings tool has no such entry (e.g. int8 on scalar code).
std::string peak_name(const std::string& kind, const IsaInfo& isa) {
  const std::string_view n = isa.name;
  const bool avx512 = n.starts_with("avx512"), avx2 = n == "avx2" || n == "avxvnni";
  const std::string fp32 = avx512 ? "fp32 avx512f fma" : (avx2 ? "fp32 avx2 fma" : "fp32 sse2 mul+add");
  if (kind == "f32") return fp32;
  if (kind == "bf16_dot") return n == "avx512bf16" ? "bf16 avx512bf16 dot" : fp32;  // else widened to f32
  // int8 / int4 products: VNNI where the ISA has it, else pmaddubsw/pmaddwd.
  if (n == "avx512vnni") return "int8 avx512vnni dot";
  if (n == "avxvnni") return "int8 avxvnni dot";
  if (avx2 || avx512) return "int8 avx2 dot";
  return "";
}

}  // namespace

std::string memory_level_for(double footprint, const std::string& cache, int threads, const Topology& topo) {
  if (cache == "out") return "DRAM";
  if (cache != "in") throw std::invalid_argument("cache mode must be \"in\" or \"out\", got \"" + cache + "\"");
  // A level holds the footprint when it fits in half of it (the rest of the level holds
  // code, stack and whatever the previous call left): per thread for the private L1/L2.
  const double per_thread = footprint / std::max(1, threads);
  if (const CacheLevel* l1 = topo.find("L1d"); l1 && 2 * per_thread <= double(l1->size)) return "L1";
  if (const CacheLevel* l2 = topo.find("L2"); l2 && 2 * per_thread <= double(l2->size)) return "L2";
  if (const CacheLevel* l3 = topo.find("L3")) {
    const int per = std::max(1, l3->cores_per_instance);
    const int used = std::clamp((threads + per - 1) / per, 1, std::max(1, l3->instances));
    if (2 * footprint <= double(l3->size) * used) return "L3";
  }
  return "DRAM";
}

std::string bandwidth_kernel_for(const Work& minimum) {
  const double total = minimum.bytes();
  const double wf = total > 0 ? minimum.bytes_written / total : 0;
  const std::pair<const char*, double> kernels[] = {{"read", 0.0}, {"triad", 1.0 / 3}, {"copy", 0.5}, {"write", 1.0}};
  const char* best = "read";
  double best_d = 2;
  for (auto [name, f] : kernels)
    if (std::abs(wf - f) < best_d - 1e-12) best = name, best_d = std::abs(wf - f);
  return best;
}

json place_on_roofline(const RooflineInput& in, const json& ceilings, const std::string& ceilings_reason) {
  if (!(in.seconds > 0)) throw std::invalid_argument("roofline: seconds per call must be > 0");
  if (in.threads < 1) throw std::invalid_argument("roofline: threads must be >= 1");
  if (in.cache != "in" && in.cache != "out")
    throw std::invalid_argument("roofline: cache mode must be \"in\" or \"out\", got \"" + in.cache + "\"");
  const Work& w = in.minimum;
  const double ops = w.ops(), bytes = w.bytes();
  if (ops <= 0 && bytes <= 0) throw std::invalid_argument("roofline: work model has neither operations nor bytes");
  const double traffic = in.traffic.bytes() > 0 ? in.traffic.bytes() : bytes;
  const IsaInfo& isa = *in.computes_with;

  json out;
  out["intensity"] = bytes > 0 ? json(ops / bytes) : json(nullptr);  // null: no memory traffic at all
  out["gflops"] = ops / in.seconds / 1e9;
  out["gbps"] = bytes / in.seconds / 1e9;
  out["gbps_traffic"] = traffic / in.seconds / 1e9;
  out["computes_with"] = isa.name;
  for (const char* k : {"bound", "ceiling_value", "ceiling_unit", "pct_of_ceiling", "above_ceiling"}) out[k] = nullptr;
  if (isa.device != Device::cpu) {
    out["reason"] = "device variant: the ceilings are this machine's CPU and memory";
    return out;
  }
  if (ceilings.is_null() || !ceilings.contains("compute")) {
    out["reason"] = "no ceilings" + (ceilings_reason.empty() ? std::string() : ": " + ceilings_reason);
    return out;
  }
  json notes = json::array();

  // Memory: the time the minimum bytes take at the level for this footprint, falling
  // outwards past unmeasured levels.
  std::optional<Value> mem;
  std::string level, kernel = bandwidth_kernel_for(w);
  if (bytes > 0) {
    const Topology topo = Topology::from_json(ceilings.at("environment").at("topology"));
    static const std::vector<std::string> order = {"L1", "L2", "L3", "DRAM"};
    auto it = std::find(order.begin(), order.end(), memory_level_for(in.footprint_bytes, in.cache, in.threads, topo));
    for (; it != order.end() && !mem; ++it) {
      mem = at_threads(ceilings, in.threads, [&](int t) { return find_bandwidth(ceilings, *it, kernel, t); });
      if (mem) level = *it;
    }
    if (mem) {
      out["memory_ceiling"] = {{"level", level}, {"kernel", kernel}, {"gbps", mem->value}, {"source", mem->source}};
      if (mem->derived) notes.push_back("memory roof derived from the 1-core value (threads × 1-core, capped by all cores)");
    } else {
      notes.push_back("no bandwidth measured for kernel '" + kernel + "'");
    }
  }
  const double t_mem = mem && bytes > 0 ? bytes / (mem->value * 1e9) : 0;

  // Compute: each op kind at its own peak on the ISA the variant computes with; kinds that
  // share the vector pipes add up. Transcendentals count at their f32 slot cost.
  const std::pair<const char*, double> kinds[] = {{"f32", w.f32 + w.transcendental_slots()},
                                                  {"bf16_dot", w.bf16_dot},
                                                  {"int8_mac", w.int8_mac + w.int4_mac}};
  double t_comp = 0;
  bool comp_complete = true;
  json parts = json::array();
  std::string main_peak;
  double main_time = -1;
  for (auto [kind, n] : kinds) {
    if (n <= 0) continue;
    const std::string name = peak_name(kind, isa);
    std::optional<Value> v;
    if (!name.empty()) v = at_threads(ceilings, in.threads, [&](int t) { return find_compute(ceilings, name, t); });
    if (!v) {
      comp_complete = false;
      notes.push_back(fmt::format("no measured peak for {} on {}{}", kind, isa.name, name.empty() ? "" : " (" + name + ")"));
      continue;
    }
    const double t = n / (v->value * 1e9);
    t_comp += t;
    parts.push_back({{"kind", kind}, {"ops", n}, {"peak", name}, {"gops", v->value}, {"source", v->source}});
    if (v->derived) notes.push_back("compute roof of " + name + " derived from the 1-core value");
    if (t > main_time) main_time = t, main_peak = name;
  }
  if (!parts.empty())
    out["compute_ceiling"] = {{"name", main_peak}, {"gflops", t_comp > 0 ? ops / t_comp / 1e9 : 0.0}, {"parts", parts}};

  if (!mem && (parts.empty() || !comp_complete)) {
    out["reason"] = "no applicable ceiling";
  } else if (mem && t_mem >= t_comp) {
    out["bound"] = "memory:" + level + " " + kernel;
    out["ceiling_value"] = mem->value;
    out["ceiling_unit"] = "GB/s";
    out["pct_of_ceiling"] = 100 * t_mem / in.seconds;
  } else if (comp_complete) {
    out["bound"] = "compute:" + main_peak + (parts.size() > 1 ? " (+ other op kinds)" : "");
    out["ceiling_value"] = ops / t_comp / 1e9;
    out["ceiling_unit"] = w.int8_mac + w.int4_mac > 0 ? "GOP/s" : "GFLOP/s";
    out["pct_of_ceiling"] = 100 * t_comp / in.seconds;
  }
  if (!out["pct_of_ceiling"].is_null()) {
    const double t_bound = std::max(t_mem, t_comp);
    out["attainable_gflops"] = t_bound > 0 ? json(ops / t_bound / 1e9) : json();
    out["above_ceiling"] = out["pct_of_ceiling"].get<double>() > 100;
  }
  if (!notes.empty()) out["notes"] = notes;
  return out;
}

}  // namespace hotops::measure
