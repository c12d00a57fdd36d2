// Will a job's operands fit in memory? Checked before any operand is allocated, so a
// problem too large for this machine is an error that names it, not an OOM kill.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "suite.h"

namespace hotops {

struct MemoryAvailable {
  double bytes = 0;    // the tightest of the limits below
  std::string limits;  // which limits were found, e.g. "MemAvailable 21.3 GiB; cgroup memory.max 1.0 GiB (12 MiB used)"
};

// MemAvailable (/proc/meminfo), the memory cgroup limit minus its usage (v2 memory.max /
// memory.current, or v1 memory.limit_in_bytes / memory.usage_in_bytes, on this process's
// cgroup and each ancestor), and RLIMIT_AS minus the address space in use. `root` is "/"
// except in tests.
MemoryAvailable available_memory(const std::filesystem::path& root = "/");

// Estimated peak bytes of one job: the check needs the operands and an fp64 reference of
// about their size (2 × the operands' and workspace's bytes); timing out of cache needs the rotation
// copies (rotation × bytes). Computed in doubles: no overflow for any parsable problem.
double job_memory_estimate(const Job& j, size_t llc_bytes);

// Throws std::runtime_error naming the first job whose estimate exceeds 90 % of `avail`
// (its problem, the bytes needed and the limits found). Jobs whose variant cannot run
// here allocate nothing and are not counted.
void check_memory(const std::vector<Job>& jobs, size_t llc_bytes, const MemoryAvailable& avail);

}  // namespace hotops
