// Simulated counters: `valgrind --tool=callgrind` runs `<program> run-one ...` with the
// machine's real cache geometry (valgrind's own guess of the LLC is wrong in VMs) and
// collection switched on only around the kernel loop (callgrind_markers.h).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "measure/counters/callgrind.h"
#include "measure/counters/callgrind_markers.h"
#include "measure/counters/counters.h"
#include "measure/machine.h"
#include "measure/subprocess.h"

namespace hotops::measure {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string tail(const std::string& s, size_t n = 600) { return s.size() > n ? "..." + s.substr(s.size() - n) : s; }

std::string default_program() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "hotops-bench";
  // hotops-bench sits in the build root; this executable may be there or one level down.
  for (fs::path dir = self.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    if (fs::exists(dir / "hotops-bench")) return (dir / "hotops-bench").string();
    if (fs::exists(dir / "CMakeCache.txt")) break;
  }
  return "hotops-bench";
}

// Valgrind 3.x decodes up to AVX2/FMA/F16C; AVX-512 and AVX-VNNI are not implemented.
std::string valgrind_cannot_run(const CounterRequest& r) {
  if (r.peer) return "peer library '" + r.variant + "' may dispatch to instructions valgrind cannot run";
  if (r.isa != "scalar" && r.isa != "avx2") return "valgrind cannot execute " + r.isa + " instructions";
  return {};
}

class SimulatedBackend final : public CounterBackend {
 public:
  SimulatedBackend(std::string valgrind, std::string version, std::string program, std::vector<CacheGeometry> geo,
                   double timeout)
      : valgrind_(std::move(valgrind)),
        version_(std::move(version)),
        program_(std::move(program)),
        geo_(std::move(geo)),
        timeout_(timeout) {}

  std::string name() const override { return "simulated"; }

  json measure(const CounterRequest& r) override {
    if (std::string why = valgrind_cannot_run(r); !why.empty()) return {{"source", "none"}, {"reason", why}};
    if (r.iterations < 1) throw std::invalid_argument("iterations must be >= 1");
    char tmpl[] = "/tmp/hotops-callgrind-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary directory for callgrind output");
    const fs::path dir = tmpl;
    const std::string out = (dir / "callgrind.out").string();
    std::vector<std::string> cmd = {valgrind_,
                                    "--tool=callgrind",
                                    "--cache-sim=yes",
                                    "--simulate-wb=yes",
                                    "--I1=" + geo_[0].arg(),
                                    "--D1=" + geo_[1].arg(),
                                    "--LL=" + geo_[2].arg(),
                                    "--instr-atstart=no",
                                    "--collect-atstart=no",
                                    "--callgrind-out-file=" + out,
                                    program_,
                                    "run-one",
                                    "--family", r.family,
                                    "--variant", r.variant,
                                    "--problem", r.problem,
                                    "--iterations", std::to_string(r.iterations)};
    if (!r.input.empty()) cmd.insert(cmd.end(), {"--input", r.input});
    const ProcessResult p = run_process(cmd, timeout_);
    json result;
    try {
      if (!p.error.empty()) throw std::runtime_error(p.error);
      if (p.timed_out) throw std::runtime_error("valgrind timed out after " + std::to_string(int(timeout_)) + " s");
      if (p.exit_code != 0)
        throw std::runtime_error("run-one under valgrind exited with " + std::to_string(p.exit_code) + ": " +
                                 tail(p.output));
      result = collect(dir, r);
    } catch (...) {
      fs::remove_all(dir);
      throw;
    }
    fs::remove_all(dir);
    result["details"]["command"] = cmd;
    return result;
  }

 private:
  // The dump named by callgrind_kernel_end(), else the one at exit (a run-one that only
  // toggles collection leaves the kernel's events there).
  json collect(const fs::path& dir, const CounterRequest& r) const {
    std::optional<CallgrindDump> named, at_exit;
    for (const auto& f : fs::directory_iterator(dir)) {
      std::ifstream in(f.path());
      std::stringstream text;
      text << in.rdbuf();
      CallgrindDump d = parse_callgrind(text.str());
      if (d.trigger.find(kCallgrindDumpName) != std::string::npos) named = d;
      else if (d.trigger.find("Program termination") != std::string::npos) at_exit = d;
    }
    const CallgrindDump* d = named ? &*named : at_exit ? &*at_exit : nullptr;
    if (!d) throw std::runtime_error("callgrind wrote no dump");
    if (d->totals.count("Ir") == 0 || d->totals.at("Ir") == 0)
      throw std::runtime_error("callgrind counted no instructions: run-one did not switch collection on");
    auto ev = [&](const char* n) {
      auto it = d->totals.find(n);
      return it == d->totals.end() ? 0.0 : double(it->second);
    };
    const double k = r.iterations;
    const double line = geo_[2].line;
    json per_call = {{"instructions", ev("Ir") / k},
                     {"data_reads", ev("Dr") / k},
                     {"data_writes", ev("Dw") / k},
                     {"d1_read_misses", ev("D1mr") / k},
                     {"d1_write_misses", ev("D1mw") / k},
                     {"ll_read_misses", (ev("DLmr") + ev("ILmr")) / k},
                     {"ll_write_misses", ev("DLmw") / k},
                     {"ll_dirty_evictions", (ev("ILdmr") + ev("DLdmr") + ev("DLdmw")) / k}};
    const double accesses = ev("Dr") + ev("Dw");
    // Bytes crossing the LLC↔memory boundary: line fills (write-allocate included) + write-backs.
    const double mem_bytes =
        (ev("ILmr") + ev("DLmr") + ev("DLmw") + ev("ILdmr") + ev("DLdmr") + ev("DLdmw")) * line / k;
    json derived = {{"d1_miss_rate", accesses > 0 ? (ev("D1mr") + ev("D1mw")) / accesses : 0.0},
                    {"ll_miss_rate", accesses > 0 ? (ev("DLmr") + ev("DLmw")) / accesses : 0.0},
                    {"memory_bytes", mem_bytes}};
    if (r.minimum.bytes() > 0) derived["memory_bytes_over_minimum"] = mem_bytes / r.minimum.bytes();
    json totals = json::object();
    for (const auto& [name, v] : d->totals) totals[name] = v;
    json geometry = {{"I1", geo_[0].arg()}, {"D1", geo_[1].arg()}, {"LL", geo_[2].arg()}};
    json notes = json::array();
    for (const CacheGeometry& g : geo_)
      if (!g.note.empty()) notes.push_back(g.note);
    return {{"source", "simulated"},
            {"per_call", per_call},
            {"derived", derived},
            {"details",
             {{"tool", version_ + " callgrind"},
              {"iterations", r.iterations},
              {"dump", d->trigger},
              {"events_total", totals},
              {"geometry", geometry},
              {"geometry_notes", notes},
              {"memory_bytes_rule", "(LL misses + dirty evictions) x line: fills incl. write-allocate, plus "
                                    "write-backs"}}}};
  }

  std::string valgrind_, version_, program_;
  std::vector<CacheGeometry> geo_;  // I1, D1, LL
  double timeout_;
};

}  // namespace

std::unique_ptr<CounterBackend> probe_simulated(const SimulatedOptions& o, std::string* reason) {
  const std::string valgrind = find_program(o.valgrind);
  if (valgrind.empty()) {
    *reason = o.valgrind + " not found in PATH";
    return nullptr;
  }
  const ProcessResult v = run_process({valgrind, "--version"}, 30);
  std::smatch m;
  if (v.exit_code != 0 || !std::regex_search(v.output, m, std::regex(R"(valgrind-([0-9.]+))"))) {
    *reason = valgrind + " --version failed: " + tail(v.output + v.error, 200);
    return nullptr;
  }
  const std::string version = "valgrind-" + m[1].str();
  const std::string program = find_program(o.program.empty() ? default_program() : o.program);
  if (program.empty()) {
    *reason = "no run-one program: " + (o.program.empty() ? default_program() : o.program) + " not found";
    return nullptr;
  }
  const ProcessResult help = run_process({program, "run-one", "--help"}, 30);
  if (help.exit_code != 0) {
    *reason = program + " has no working run-one subcommand: " + tail(help.output + help.error, 200);
    return nullptr;
  }
  const Topology& topo = host_topology();
  const CacheLevel* d1 = topo.find("L1d");
  if (!d1 || topo.caches.size() < 2) {
    *reason = "hwloc reports no L1d and last-level cache to give valgrind";
    return nullptr;
  }
  const CacheLevel i1 = topo.l1i.size ? topo.l1i : *d1;
  std::vector<CacheGeometry> geo = {valgrind_geometry(i1, 8), valgrind_geometry(*d1, 8),
                                    valgrind_geometry(topo.last_level(), 16)};
  return std::make_unique<SimulatedBackend>(valgrind, version, program, geo, o.timeout_seconds);
}

}  // namespace hotops::measure
