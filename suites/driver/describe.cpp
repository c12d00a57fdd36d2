#include "describe.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "core/device_timer.h"
#include "core/registry.h"
#include "measure/ceilings/ceilings.h"
#include "measure/machine.h"
#include "measure/roofline.h"
#include "results.h"

namespace hotops {
using nlohmann::json;

namespace {

json describe_run(const json& r, const json& ceilings, const std::string& ceilings_reason) {
  const std::string family = r.at("family").get<std::string>();
  json out = {{"family", family}};
  const Family* f = find_family(family);
  if (!f) return out["error"] = fmt::format("family '{}' is not in this build", family), out;
  Problem p;
  try {
    p = f->parse(r.at("problem").get<std::string>());
  } catch (const std::exception& e) {
    return out["error"] = e.what(), out;
  }
  const Work w = f->work(p);
  out["problem"] = {{"repro", p.repro}, {"dims", p.dims()}, {"options", p.options()}};
  out["work"] = work_json(w);
  out["footprint_bytes"] = f->footprint_bytes(p);
  if (r.contains("seconds")) {
    measure::RooflineInput in;
    in.minimum = w;
    in.seconds = r["seconds"].get<double>();
    in.footprint_bytes = f->footprint_bytes(p);
    in.cache = r.value("cache", "out");
    in.computes_with = &isa(r.value("device", "cuda") == "cpu" ? "scalar" : "cuda");
    out["derived"] = measure::place_on_roofline(in, ceilings, ceilings_reason);
    out["derived"]["elements_per_s"] = w.elements / in.seconds;
  }
  return out;
}

}  // namespace

json describe(const json& request) {
  if (!request.is_object() || !request.contains("runs") || !request["runs"].is_array())
    throw std::invalid_argument("describe: the request must be an object with a \"runs\" array");
  std::string ceilings_reason = "no ceilings file given";
  json ceilings;
  if (request.contains("ceilings") && request["ceilings"].is_string())
    ceilings = measure::load_ceilings(request["ceilings"].get<std::string>(), &ceilings_reason);
  const std::string machine = request.value("machine", measure::machine_name());
  json out = {{"context", measure::environment(machine)},
              {"ceilings", ceilings},
              {"ceilings_reason", ceilings.is_null() ? json(ceilings_reason) : json(nullptr)},
              {"timing_policy",  // how hotops times device calls (core/device_timer.h), for bridges to do alike
               {{"graph_below_s", kGraphBelow}, {"graph_target_s", kGraphTarget}, {"graph_max_calls", kGraphMaxCalls},
                {"l2_flush_bytes_per_l2_byte", 2}}},
              {"runs", json::array()}};
  for (const json& r : request["runs"]) {
    if (!r.is_object() || !r.contains("family") || !r.contains("problem"))
      throw std::invalid_argument("describe: every run needs \"family\" and \"problem\", got " + r.dump());
    out["runs"].push_back(describe_run(r, ceilings, ceilings_reason));
  }
  return out;
}

int describe_main(const std::string& path) {
  json request;
  if (path == "-") {
    request = json::parse(std::cin, nullptr, false);
  } else {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument("describe: cannot read '" + path + "'");
    request = json::parse(in, nullptr, false);
  }
  if (request.is_discarded()) throw std::invalid_argument("describe: '" + path + "' is not valid JSON");
  fmt::print("{}\n", describe(request).dump(1));
  return 0;
}

}  // namespace hotops
