#include "measure/load_probe.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace hotops::measure {
namespace {

std::string root_of(const LoadProbeOptions& o) {
  if (!o.proc_root.empty()) return o.proc_root;
  const char* env = std::getenv("HOTOPS_PROC_ROOT");
  return env && *env ? env : "/proc";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double read_loadavg(const std::string& root) {
  std::istringstream in(slurp(root + "/loadavg"));
  double l = -1;
  return (in >> l) && l >= 0 ? l : -1;
}

// Jiffies of the whole machine ("cpu" line) and the number of cpuN lines.
struct CpuTimes {
  bool ok = false;
  double busy = 0, total = 0, steal = 0;
  int cpus = 0;
};

CpuTimes read_stat(const std::string& root) {
  CpuTimes t;
  std::istringstream in(slurp(root + "/stat"));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string name;
    f >> name;
    if (name == "cpu") {
      // user nice system idle iowait irq softirq steal [guest guest_nice: already in user, nice]
      std::vector<double> v;
      double x;
      while (v.size() < 8 && f >> x) v.push_back(x);
      if (v.size() < 4) continue;
      v.resize(8, 0.0);
      t.busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
      t.total = t.busy + v[3] + v[4];
      t.steal = v[7];
      t.ok = true;
    } else if (name.size() > 3 && name.starts_with("cpu")) {
      ++t.cpus;
    }
  }
  return t;
}

// utime + stime of this process (all its threads), in jiffies; -1 when unreadable.
double read_self(const std::string& root) {
  const std::string s = slurp(root + "/self/stat");
  const size_t paren = s.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream f(s.substr(paren + 1));
  std::string field;
  double utime = -1, stime = -1;
  for (int i = 3; i <= 15 && (f >> field); ++i) {  // field 3 is the state
    if (i == 14) utime = std::atof(field.c_str());
    if (i == 15) stime = std::atof(field.c_str());
  }
  return utime < 0 || stime < 0 ? -1 : utime + stime;
}

}  // namespace

nlohmann::json LoadProbe::to_json() const {
  nlohmann::json j = {{"cpus", std::max(1, cpus)}, {"busy", busy}, {"detail", detail}};
  if (before >= 0) j["before"] = before;
  if (after >= 0) j["after"] = after;
  if (others_cores >= 0) j["others_cores"] = others_cores;
  return j;
}

LoadProbe probe_load(const LoadProbeOptions& o) {
  const std::string root = root_of(o);
  LoadProbe p;
  p.before = read_loadavg(root);
  const CpuTimes t0 = read_stat(root);
  const double self0 = read_self(root);
  if (o.wait) o.wait(o.window_s);
  else std::this_thread::sleep_for(std::chrono::duration<double>(o.window_s));
  const CpuTimes t1 = read_stat(root);
  const double self1 = read_self(root);
  p.cpus = std::max(1, t1.cpus);

  std::vector<std::string> busy, quiet;
  // Shown beside the verdict, never deciding it (load_probe.h says why).
  const std::string average = p.before < 0 ? fmt::format("load average unreadable ({}/loadavg)", root)
                                           : fmt::format("load average {:.2f} on {} CPUs", p.before, p.cpus);
  const double window = (t1.total - t0.total) / p.cpus;  // jiffies per CPU that passed
  if (!t0.ok || !t1.ok || self0 < 0 || self1 < 0) {
    quiet.push_back(fmt::format("other processes' CPU time unreadable ({}/stat, {}/self/stat)", root, root));
  } else if (window <= 0) {
    quiet.push_back("other processes' CPU time unknown (no time passed in /proc/stat)");
  } else {
    p.others_cores = std::max(0.0, (t1.busy - t0.busy) - (self1 - self0)) / window;
    p.steal_cores = std::max(0.0, t1.steal - t0.steal) / window;
    const std::string steal =
        p.steal_cores > 0.005 ? fmt::format(", {:.2f} of it stolen by the hypervisor", p.steal_cores) : "";
    const std::string what = fmt::format("other processes used {:.0f} % of a core over {:.1f} s{}",
                                         100 * p.others_cores, o.window_s, steal);
    (p.others_cores > o.thresholds.others_cores ? busy : quiet).push_back(
        p.others_cores > o.thresholds.others_cores
            ? fmt::format("{} (> {:.0f} %)", what, 100 * o.thresholds.others_cores)
            : what);
  }
  p.busy = !busy.empty();
  (p.busy ? busy : quiet).push_back(average);
  const std::vector<std::string>& shown = p.busy ? busy : quiet;
  p.detail = (p.busy ? "busy: " : "quiet: ") + fmt::format("{}", fmt::join(shown, "; "));
  return p;
}

void finish_load_probe(LoadProbe& p, const LoadProbeOptions& o) { p.after = read_loadavg(root_of(o)); }

nlohmann::json combine_load_probes(const std::vector<nlohmann::json>& probes) {
  nlohmann::json out = {{"busy", false}};
  std::vector<std::string> details;
  for (size_t i = 0; i < probes.size(); ++i) {
    const nlohmann::json& p = probes[i];
    if (!p.is_object()) continue;
    if (i == 0 && p.contains("before")) out["before"] = p["before"];
    if (i + 1 == probes.size() && p.contains("after")) out["after"] = p["after"];
    if (p.contains("cpus")) out["cpus"] = p["cpus"];
    const bool busy = p.value("busy", false);
    if (busy && !out["busy"].get<bool>()) details.clear();
    if (busy || !out["busy"].get<bool>())
      details.push_back(fmt::format("process run {}: {}", i + 1, p.value("detail", busy ? "busy" : "quiet")));
    out["busy"] = out["busy"].get<bool>() || busy;
  }
  out["detail"] = fmt::format("{}", fmt::join(details, "; "));
  return out;
}

}  // namespace hotops::measure
