#include "measure/roofline.h"

#include <algorithm>
#include <cmath>
#include <functional>
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

namespace {

// The roofs of one run, found either among the CPU entries or among the device entries.
struct Roofs {
  std::optional<Value> mem;
  std::string level, kernel;
  // The measured peak of one op kind and its name; nullopt (name possibly empty) when none.
  std::function<std::optional<Value>(const std::string& kind, std::string* name)> peak;
};

Roofs cpu_roofs(const RooflineInput& in, const json& ceilings, json& notes) {
  Roofs r;
  r.kernel = bandwidth_kernel_for(in.minimum);
  if (in.minimum.bytes() > 0) {
    const Topology topo = Topology::from_json(ceilings.at("environment").at("topology"));
    static const std::vector<std::string> order = {"L1", "L2", "L3", "DRAM"};
    auto it = std::find(order.begin(), order.end(), memory_level_for(in.footprint_bytes, in.cache, in.threads, topo));
    for (; it != order.end() && !r.mem; ++it) {
      r.mem = at_threads(ceilings, in.threads, [&](int t) { return find_bandwidth(ceilings, *it, r.kernel, t); });
      if (r.mem) r.level = *it;
    }
    if (r.mem && r.mem->derived)
      notes.push_back("memory roof derived from the 1-core value (threads × 1-core, capped by all cores)");
  }
  r.peak = [&in, &ceilings, &notes](const std::string& kind, std::string* name) -> std::optional<Value> {
    *name = peak_name(kind, *in.computes_with);
    if (name->empty()) return std::nullopt;
    auto v = at_threads(ceilings, in.threads, [&](int t) { return find_compute(ceilings, *name, t); });
    if (v && v->derived) notes.push_back("compute roof of " + *name + " derived from the 1-core value");
    return v;
  };
  return r;
}

// Device variants: the device's L2 (operands in half of it) or its memory, and its peaks:
// f32 and transcendentals on the FMA pipes, bf16 and int8 products on the tensor cores
// (cuBLAS GEMM at large sizes is the reachable rate).
Roofs device_roofs(const RooflineInput& in, const json& ceilings) {
  Roofs r;
  r.kernel = bandwidth_kernel_for(in.minimum);
  if (in.minimum.bytes() > 0) {
    const double l2 = ceilings.value("device_environment", json::object()).value("l2_bytes", 0.0);
    const bool in_l2 = in.cache == "in" && 2 * in.footprint_bytes <= l2;
    for (const std::string level : {"device L2", "device HBM"}) {
      if (level == "device L2" && !in_l2) continue;
      if (const json* e = find_device_bandwidth(ceilings, level, r.kernel)) {
        r.mem = Value{e->at("value").get<double>(), e->value("used", ""), 0, false};
        r.level = level;
        break;
      }
    }
  }
  r.peak = [&ceilings](const std::string& kind, std::string* name) -> std::optional<Value> {
    *name = kind == "f32" ? "fp32 cuda fma" : kind == "bf16_dot" ? "bf16 cublas gemm" : "int8 cublas gemm";
    const json* e = find_device_compute(ceilings, *name);
    if (!e) return std::nullopt;
    return Value{e->at("value").get<double>(), e->value("used", ""), 0, false};
  };
  return r;
}

bool has_device_entries(const json& ceilings) {
  for (const char* k : {"compute", "bandwidth"})
    for (const json& e : ceilings.value(k, json::array()))
      if (e.value("device", "cpu") != "cpu") return true;
  return false;
}

}  // namespace

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
  const bool device = isa.device != Device::cpu;

  json out;
  out["intensity"] = bytes > 0 ? json(ops / bytes) : json(nullptr);  // null: no memory traffic at all
  out["gflops"] = ops / in.seconds / 1e9;
  out["gbps"] = bytes / in.seconds / 1e9;
  out["gbps_traffic"] = traffic / in.seconds / 1e9;
  out["computes_with"] = isa.name;
  for (const char* k : {"bound", "ceiling_value", "ceiling_unit", "pct_of_ceiling", "above_ceiling"}) out[k] = nullptr;
  if (ceilings.is_null() || !ceilings.contains("compute")) {
    out["reason"] = "no ceilings" + (ceilings_reason.empty() ? std::string() : ": " + ceilings_reason);
    return out;
  }
  if (device && !has_device_entries(ceilings)) {
    out["reason"] = "device variant: no device ceilings measured (hotops-ceilings --gpu)";
    return out;
  }
  json notes = json::array();

  // Memory: the time the minimum bytes take at the level for this footprint, falling
  // outwards past unmeasured levels.
  const Roofs roofs = device ? device_roofs(in, ceilings) : cpu_roofs(in, ceilings, notes);
  const std::optional<Value>& mem = roofs.mem;
  const std::string& level = roofs.level;
  const std::string& kernel = roofs.kernel;
  if (bytes > 0) {
    if (mem)
      out["memory_ceiling"] = {{"level", level}, {"kernel", kernel}, {"gbps", mem->value}, {"source", mem->source}};
    else
      notes.push_back("no bandwidth measured for kernel '" + kernel + "'");
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
    std::string name;
    const std::optional<Value> v = roofs.peak(kind, &name);
    if (!v) {
      comp_complete = false;
      notes.push_back(fmt::format("no measured peak for {} on {}{}", kind, isa.name, name.empty() ? "" : " (" + name + ")"));
      continue;
    }
    const double t = n / (v->value * 1e9);
    t_comp += t;
    parts.push_back({{"kind", kind}, {"ops", n}, {"peak", name}, {"gops", v->value}, {"source", v->source}});
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
