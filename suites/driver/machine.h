// The machine we run on: cache geometry and thread pinning (hwloc), and the
// environment recorded with every result.
#pragma once
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace hotops {

struct CacheSizes {
  size_t l1d = 0, l2 = 0, l3 = 0;  // bytes per instance, as hwloc reports them
  size_t last_level() const { return l3 ? l3 : (l2 ? l2 : l1d); }
};

CacheSizes cache_sizes();
int core_count();

// Binds the calling process to the first `threads` cores. Returns a description, or
// throws std::runtime_error when the machine has fewer cores.
std::string pin_to_cores(int threads);

std::string machine_name();  // short host name, safe for a directory name

// CPU, OS, build, git, libraries: see the results schema (scripts/results.schema.json).
nlohmann::json environment(const std::string& machine);

}  // namespace hotops
