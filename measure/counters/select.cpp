#include <stdexcept>

#include "measure/counters/counters.h"

namespace hotops::measure {

using nlohmann::json;

void check_in_process(const CounterRequest& r, const std::string& backend) {
  if (!r.run) throw std::invalid_argument(backend + " needs an in-process kernel (request.run)");
  if (r.iterations < 1) throw std::invalid_argument("iterations must be >= 1");
}

CounterProbes default_counter_probes(const SimulatedOptions& simulated) {
  return {probe_likwid, probe_perf_event,
          [simulated](std::string* reason) { return probe_simulated(simulated, reason); }};
}

CounterSelection select_counters(const std::string& preference, const CounterProbes& probes) {
  std::vector<std::pair<std::string, const CounterProbe*>> order;
  if (preference == "auto") {
    order = {{"likwid", &probes.likwid}, {"perf_event", &probes.perf_event}, {"simulated", &probes.simulated}};
  } else if (preference == "likwid") {
    order = {{"likwid", &probes.likwid}};
  } else if (preference == "perf" || preference == "perf_event") {
    order = {{"perf_event", &probes.perf_event}};
  } else if (preference == "simulated") {
    order = {{"simulated", &probes.simulated}};
  } else if (preference != "none") {
    throw std::invalid_argument("unknown counters backend '" + preference +
                                "' (expected auto, likwid, perf, simulated or none)");
  }
  CounterSelection sel;
  sel.diagnosis = {{"tried", json::array()}};
  std::string failures;
  for (const auto& [name, probe] : order) {
    std::string reason;
    std::unique_ptr<CounterBackend> b;
    if (!*probe) {
      reason = "no probe for this backend";
    } else {
      try {
        b = (*probe)(&reason);
      } catch (const std::exception& e) {
        reason = std::string("probe failed: ") + e.what();
      }
    }
    if (b) {
      sel.source = name;
      sel.backend = std::move(b);
      sel.diagnosis["tried"].push_back({{"backend", name}, {"reason", "available"}});
      std::string why = preference == "auto" ? "first available backend in auto order" : "requested";
      if (!failures.empty()) why += " (" + failures + ")";
      sel.diagnosis["source"] = name;
      sel.diagnosis["reason"] = why;
      return sel;
    }
    if (reason.empty()) reason = "unavailable (no reason given)";
    sel.diagnosis["tried"].push_back({{"backend", name}, {"reason", reason}});
    failures += (failures.empty() ? "" : "; ") + name + ": " + reason;
  }
  sel.source = "none";
  sel.diagnosis["source"] = "none";
  sel.diagnosis["reason"] = preference == "none" ? "counters disabled (--counters=none)" : failures;
  return sel;
}

json measure(const CounterSelection& selection, const CounterRequest& request) {
  if (!selection.backend)
    return {{"source", "none"}, {"reason", selection.diagnosis.value("reason", std::string("no backend selected"))}};
  try {
    json j = selection.backend->measure(request);
    if (!j.contains("source")) j["source"] = selection.source;
    return j;
  } catch (const std::exception& e) {
    return {{"source", "none"}, {"reason", selection.source + " failed: " + e.what()}};
  }
}

}  // namespace hotops::measure
