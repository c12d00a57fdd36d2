// Hardware-event counters around one kernel, from a backend chosen at run time:
// likwid (perfmon library), perf_event (perf_event_open), simulated (valgrind
// callgrind with the real cache geometry), or none. Every answer records which
// backend produced it, or why none could.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/family.h"

namespace hotops::measure {

struct CounterRequest {
  std::function<void()> run;  // likwid / perf_event: called here, `iterations` times after one warm call
  // simulated: what `<program> run-one` runs in a valgrind child process.
  std::string family, variant, problem, input;
  std::string isa;    // the ISA the variant computes with (Variant::computes_with)
  bool peer = false;  // a peer library (its ISA dispatch is not known)
  int iterations = 3;
  int threads = 1;
  Work minimum;  // the family minimum: derived metrics compare measured bytes with it
};

class CounterBackend {
 public:
  virtual ~CounterBackend() = default;
  virtual std::string name() const = 0;
  // {"source": name, "per_call": {...}, "derived": {...}, "details": {...}}, or
  // {"source": "none", "reason": ...} when this request cannot be measured.
  virtual nlohmann::json measure(const CounterRequest& request) = 0;
};

// Refuses (std::invalid_argument) what an in-process backend (likwid, perf_event) cannot count:
// a request with no kernel to call, or with fewer than one iteration.
void check_in_process(const CounterRequest& r, const std::string& backend);

// A probe returns a working backend, or nullptr and the reason it cannot work here.
using CounterProbe = std::function<std::unique_ptr<CounterBackend>(std::string* reason)>;

struct CounterProbes {
  CounterProbe likwid, perf_event, simulated;
};

struct SimulatedOptions {
  std::string program;  // runs `<program> run-one ...`; default: hotops-bench next to this executable
  std::string valgrind = "valgrind";
  double timeout_seconds = 900;
};

CounterProbes default_counter_probes(const SimulatedOptions& simulated = {});

std::unique_ptr<CounterBackend> probe_likwid(std::string* reason);
std::unique_ptr<CounterBackend> probe_perf_event(std::string* reason);
std::unique_ptr<CounterBackend> probe_simulated(const SimulatedOptions& options, std::string* reason);

struct CounterSelection {
  std::string source;  // likwid | perf_event | simulated | none
  // {"source": ..., "reason": ..., "tried": [{"backend": ..., "reason": ...}, ...]}
  nlohmann::json diagnosis;
  std::shared_ptr<CounterBackend> backend;  // null for none
};

// preference: auto (likwid, then perf_event, then simulated), likwid, perf (or
// perf_event), simulated, none. A named backend that is unavailable gives none with its
// reason; nothing else is tried. Throws std::invalid_argument for an unknown preference.
CounterSelection select_counters(const std::string& preference,
                                 const CounterProbes& probes = default_counter_probes());

// The backend's answer with the selection's source; a failing measurement becomes
// {"source": "none", "reason": ...} — missing counters never stop a run.
nlohmann::json measure(const CounterSelection& selection, const CounterRequest& request);

}  // namespace hotops::measure
