#include "measure/roofline.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

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

std::string dtype_class(const std::string& dtype) {
  if (dtype == "f64" || dtype == "fp64" || dtype == "double") return "fp64";
  if (dtype == "bf16") return "bf16";
  if (dtype == "int8" || dtype == "i8" || dtype == "s8" || dtype == "u8" || dtype == "int4" || dtype == "i4")
    return "int8";
  return "fp32";  // f32, and f16/bf16 storage computed in fp32
}

// Candidate compute entries for an ISA suffix and dtype, best first.
std::vector<std::string> compute_names(const std::string& isa, const std::string& dtype, const json& ceilings,
                                       std::string* note) {
  const std::string d = dtype_class(dtype);
  if (isa == "scalar") {
    if (d == "fp64") return {"fp64 sse2 mul+add"};
    if (d == "int8") return {};
    return {"fp32 sse2 mul+add"};
  }
  if (isa == "avx2" || isa == "avxvnni") {
    if (d == "fp64") return {"fp64 avx2 fma"};
    if (d == "int8") return isa == "avxvnni" ? std::vector<std::string>{"int8 avxvnni dot"}
                                             : std::vector<std::string>{"int8 avx2 dot"};
    return {"fp32 avx2 fma"};
  }
  if (isa.rfind("avx512", 0) == 0) {
    if (d == "fp64") return {"fp64 avx512f fma"};
    if (d == "int8") return isa == "avx512vnni" ? std::vector<std::string>{"int8 avx512vnni dot"}
                                                : std::vector<std::string>{};
    if (d == "bf16" && isa == "avx512bf16") return {"bf16 avx512bf16 dot"};
    return {"fp32 avx512f fma"};
  }
  // jit / auto / other peers: they dispatch to the widest ISA, so the best peak of the dtype.
  *note = "isa '" + isa + "' is not a fixed ISA: compute ceiling = best measured " + d + " peak";
  std::vector<std::string> names;
  for (const json& e : ceilings["compute"])
    if (e.value("dtype", "") == d && e.contains("value") && e.value("threads", 0) == 1)
      names.push_back(e["name"].get<std::string>());
  return names;
}

}  // namespace

std::string memory_level_for(double footprint, const std::string& cache, int threads, const Topology& topo) {
  if (cache == "out") return "DRAM";
  if (cache != "in") throw std::invalid_argument("cache mode must be \"in\" or \"out\", got \"" + cache + "\"");
  const double per_thread = footprint / std::max(1, threads);
  if (const CacheLevel* l1 = topo.find("L1d"); l1 && per_thread <= double(l1->size)) return "L1";
  if (const CacheLevel* l2 = topo.find("L2"); l2 && per_thread <= double(l2->size)) return "L2";
  if (const CacheLevel* l3 = topo.find("L3")) {
    const int per = std::max(1, l3->cores_per_instance);
    const int used = std::clamp((threads + per - 1) / per, 1, std::max(1, l3->instances));
    if (footprint <= double(l3->size) * used) return "L3";
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
  const double ops = in.minimum.flops + in.minimum.transcendentals;
  const double bytes = in.minimum.bytes();
  if (ops <= 0 && bytes <= 0) throw std::invalid_argument("roofline: work model has neither operations nor bytes");
  const double traffic = in.traffic.bytes() > 0 ? in.traffic.bytes() : bytes;

  json out;
  out["intensity"] = bytes > 0 ? json(ops / bytes) : json(nullptr);  // null: no memory traffic at all
  out["gflops"] = ops / in.seconds / 1e9;
  out["gbps"] = bytes / in.seconds / 1e9;
  out["gbps_traffic"] = traffic / in.seconds / 1e9;
  for (const char* k : {"bound", "ceiling_value", "ceiling_unit", "pct_of_ceiling", "above_ceiling"}) out[k] = nullptr;
  if (in.isa == "cuda") {
    out["reason"] = "GPU variant: the ceilings are this machine's CPU and memory";
    return out;
  }
  if (ceilings.is_null() || !ceilings.contains("compute")) {
    out["reason"] = "no ceilings" + (ceilings_reason.empty() ? std::string() : ": " + ceilings_reason);
    return out;
  }
  json notes = json::array();

  // Memory roof: the level for this footprint, falling outwards past unmeasured levels.
  std::optional<Value> mem;
  std::string level, kernel = bandwidth_kernel_for(in.minimum);
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

  // Compute roof for the ISA and dtype.
  std::optional<Value> comp;
  std::string comp_name, note;
  for (const std::string& name : compute_names(in.isa, in.dtype, ceilings, &note)) {
    auto v = at_threads(ceilings, in.threads, [&](int t) { return find_compute(ceilings, name, t); });
    if (v && (!comp || v->value > comp->value)) comp = v, comp_name = name;
  }
  if (!note.empty()) notes.push_back(note);
  if (comp) {
    out["compute_ceiling"] = {{"name", comp_name}, {"gflops", comp->value}, {"source", comp->source}};
    if (comp->derived) notes.push_back("compute roof derived from the 1-core value (threads × 1-core, capped by all cores)");
  } else {
    notes.push_back("no measured compute peak for isa '" + in.isa + "' and dtype '" + in.dtype + "'");
  }

  // The lower roof at this intensity bounds the result.
  const double mem_roof = mem && bytes > 0 ? mem->value * ops / bytes : INFINITY;  // GFLOP/s reachable from memory
  const double comp_roof = comp ? comp->value : INFINITY;
  if (!mem && !comp) {
    out["reason"] = "no applicable ceiling";
  } else if (mem && (mem_roof <= comp_roof || ops <= 0)) {
    out["bound"] = "memory:" + level + " " + kernel;
    out["ceiling_value"] = mem->value;
    out["ceiling_unit"] = "GB/s";
    out["pct_of_ceiling"] = 100 * out["gbps"].get<double>() / mem->value;
  } else {
    out["bound"] = "compute:" + comp_name;
    out["ceiling_value"] = comp->value;
    out["ceiling_unit"] = dtype_class(in.dtype) == "int8" ? "GOP/s" : "GFLOP/s";
    out["pct_of_ceiling"] = 100 * out["gflops"].get<double>() / comp->value;
  }
  if (!out["pct_of_ceiling"].is_null()) {
    out["attainable_gflops"] = std::isfinite(std::min(mem_roof, comp_roof)) ? json(std::min(mem_roof, comp_roof)) : json();
    out["above_ceiling"] = out["pct_of_ceiling"].get<double>() > 100;
  }
  if (!notes.empty()) out["notes"] = notes;
  return out;
}

}  // namespace hotops::measure
