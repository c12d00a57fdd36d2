// THE machine layer, shared by the suite driver and the ceilings tool: cache geometry and
// core layout (hwloc), pinning, the environment recorded with every result and ceilings
// file, and the staleness key of the ceilings.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hotops::measure {

struct CacheLevel {
  std::string name;          // "L1d", "L2", "L3"
  size_t size = 0;           // bytes per instance
  int line = 64;             // bytes
  int associativity = 0;     // ways; 0 = unknown, -1 = fully associative (hwloc's convention)
  int instances = 0;
  int cores_per_instance = 0;  // physical cores sharing one instance
};

struct Topology {
  std::vector<CacheLevel> caches;  // data/unified caches, innermost first
  CacheLevel l1i;                  // instruction cache; size 0 when hwloc does not report it
  int cores = 0;                   // physical cores (one measuring thread per core)
  int pus = 0;                     // hardware threads
  size_t memory_bytes = 0;         // total RAM hwloc sees
  const CacheLevel* find(const std::string& name) const;
  const CacheLevel& last_level() const;  // throws if hwloc reported no cache at all
  nlohmann::json to_json() const;
  static Topology from_json(const nlohmann::json& j);  // inverse of to_json (throws on bad input)
};

// Read once from hwloc; throws std::runtime_error if hwloc cannot load the topology.
const Topology& host_topology();

// OS index of the first PU of physical core `core` (hwloc order); throws if absent.
int core_pu(int core);

// Binds the calling thread to physical core `core` (0-based, hwloc order) and
// returns the OS index of the PU used. Throws if the core does not exist.
int pin_thread_to_core(int core);

// The calling thread's CPU binding, to put back after pinning it.
struct CpuBinding {
  std::vector<int> pus;  // OS indices; empty = unknown (restoring is then a no-op)
};
CpuBinding current_binding();
void restore_binding(const CpuBinding& b);

// Binds the whole process to the first `threads` physical cores (one PU each) and says
// where ("cores 0-1 (PUs 0,1)"); throws when the machine has fewer cores.
std::string pin_process_to_cores(int threads);

// Short host name, safe as a directory name.
std::string machine_name();

// Everything recorded with results and ceilings (scripts/results.schema.json, "context"):
// machine and date, CPU (model, vendor, family/model/stepping, features, cores, caches,
// governor/boost/SMT where readable), the hwloc topology, OS, build, git commit and dirty
// flag (HOTOPS_GIT_COMMIT / HOTOPS_GIT_DIRTY=1 where the source tree is not at hand), library
// versions, and the CUDA devices with their state (clocks, temperature, power, clock limits)
// at the start (record_gpu_start_state) and now.
void record_gpu_start_state();
nlohmann::json environment(const std::string& machine = "");

// What makes stored ceilings stale: a different CPU, compiler or kernel version.
nlohmann::json staleness_key();
// What makes stored device ceilings stale: another GPU, driver or CUDA runtime (null: no GPU).
nlohmann::json device_staleness_key();

}  // namespace hotops::measure
