// Is the machine quiet enough to measure? One probe for the suite driver and the ceilings tool.
//
// What decides is the share of CPU time *other* processes used over a short window just
// before measuring (/proc/stat busy jiffies minus this process's own from /proc/self/stat).
// The 1-minute load average is recorded and shown, never decisive: it lags by a minute and
// counts our own recent work — the build run_suite.sh just did, the previous process run of
// the same suite — so it called every second process run busy. The probe reads
// `<proc root>/loadavg`, `/stat` and `/self/stat`, so tests can point it at a fake tree
// (HOTOPS_PROC_ROOT does the same for the tools, e.g. to show that hotops-ceilings refuses on
// a busy machine).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hotops::measure {

// The one place the thresholds live (scripts/hotops_report/load.py mirrors the first).
struct LoadThresholds {
  double others_cores = 0.25;  // busy when other processes used more than this share of one core
};

struct LoadProbeOptions {
  std::string proc_root;     // empty: $HOTOPS_PROC_ROOT, else /proc
  double window_s = 1.0;     // CPU-time window before measuring
  LoadThresholds thresholds;
  // Called between the two readings of the window (default: sleeps window_s); tests swap
  // the fake files here.
  std::function<void(double seconds)> wait;
};

// What the probe saw (results `context.load`, ceilings `environment.load`;
// scripts/results.schema.json $defs/load).
struct LoadProbe {
  double before = -1;        // 1-min load average before measuring; -1 unreadable
  double after = -1;         // ... after (set by finish_load_probe); -1 not yet / unreadable
  int cpus = 1;              // online CPUs (cpuN lines of /proc/stat)
  double others_cores = -1;  // cores' worth of CPU time used by other processes in the window; -1 unknown
  double steal_cores = 0;    // part of it stolen by the hypervisor
  bool busy = false;
  std::string detail;        // what showed it (or that it was quiet)
  nlohmann::json to_json() const;  // {before, after, cpus, busy, detail} (+ others_cores)
};

// Reads the load average, then samples other processes' CPU time over the window.
// Never throws: what cannot be read is said in `detail` and does not make the machine busy.
LoadProbe probe_load(const LoadProbeOptions& options = {});

// Records the load average after measuring (shown, never decides: our own threads count in it).
void finish_load_probe(LoadProbe& probe, const LoadProbeOptions& options = {});

// Several probes (one per process run) as one: the first's before, the last's after,
// busy when any was, every busy run's detail.
nlohmann::json combine_load_probes(const std::vector<nlohmann::json>& probes);

}  // namespace hotops::measure
