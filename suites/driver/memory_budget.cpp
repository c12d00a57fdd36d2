#include "memory_budget.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>

#include "job_result.h"

namespace hotops {
namespace fs = std::filesystem;
namespace {

std::string size_text(double bytes) {
  const char* units[] = {"MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = bytes / (1024.0 * 1024);
  size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(units)) v /= 1024, ++u;
  return u == 0 ? fmt::format("{:.0f} {}", v, units[u]) : fmt::format("{:.1f} {}", v, units[u]);
}

// A byte count from a cgroup file; nullopt for "max", absent or unreadable files, and for
// the huge values cgroup v1 uses to mean "no limit".
std::optional<double> cgroup_bytes(const fs::path& file) {
  std::ifstream in(file);
  std::string word;
  if (!(in >> word) || word == "max") return std::nullopt;
  try {
    const double v = std::stod(word);
    return v < 0x1p60 ? std::optional<double>(v) : std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// "Key:   123 kB" from a /proc file, in bytes.
std::optional<double> proc_kb(const fs::path& file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) {
      std::istringstream rest(line.substr(key.size() + 1));
      double kb = 0;
      if (rest >> kb) return kb * 1024;
    }
  return std::nullopt;
}

struct Limits {
  double tightest = INFINITY;
  std::vector<std::string> found;
  void add(double available, std::string what) {
    tightest = std::min(tightest, std::max(0.0, available));
    found.push_back(std::move(what));
  }
};

// The memory cgroup of this process and its ancestors: limit minus usage at each level.
void add_cgroup_limits(const fs::path& root, Limits& limits) {
  std::ifstream in(root / "proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const size_t a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string controllers = line.substr(a + 1, b - a - 1);
    fs::path group = line.substr(b + 1);
    const bool v2 = line.substr(0, a) == "0" && controllers.empty();
    bool v1 = false;
    std::istringstream list(controllers);
    for (std::string c; std::getline(list, c, ',');) v1 = v1 || c == "memory";
    if (!v1 && !v2) continue;
    const fs::path base = root / (v2 ? "sys/fs/cgroup" : "sys/fs/cgroup/memory");
    const char* max_file = v2 ? "memory.max" : "memory.limit_in_bytes";
    const char* used_file = v2 ? "memory.current" : "memory.usage_in_bytes";
    for (;;) {
      const fs::path dir = base / group.relative_path();
      if (const auto max = cgroup_bytes(dir / max_file)) {
        const double used = cgroup_bytes(dir / used_file).value_or(0);
        limits.add(*max - used, fmt::format("cgroup {} {} {} ({} used)", group.string(), max_file, size_text(*max),
                                            size_text(used)));
      }
      if (group == group.root_path() || group.empty()) break;
      group = group.parent_path();
    }
  }
}

}  // namespace

MemoryAvailable available_memory(const fs::path& root) {
  Limits limits;
  if (const auto avail = proc_kb(root / "proc/meminfo", "MemAvailable"))
    limits.add(*avail, "MemAvailable " + size_text(*avail));
  add_cgroup_limits(root, limits);
  rlimit as{};
  if (root == "/" && ::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) {
    const double used = proc_kb(root / "proc/self/status", "VmSize").value_or(0);
    limits.add(double(as.rlim_cur) - used,
               fmt::format("ulimit -v {} ({} of address space in use)", size_text(double(as.rlim_cur)), size_text(used)));
  }
  MemoryAvailable m;
  m.bytes = limits.tightest;
  m.limits = limits.found.empty() ? "no limit found" : fmt::format("{}", fmt::join(limits.found, "; "));
  return m;
}

double job_memory_estimate(const Job& j, size_t llc_bytes) {
  const double bytes = j.family->footprint_bytes(j.problem, j.variant);
  // rotation_count takes size_t: beyond 4 × LLC there is one copy whatever the size.
  const double rotation =
      bytes >= 4.0 * double(llc_bytes) ? 1.0 : double(rotation_count(size_t(bytes), j.cache, llc_bytes));
  return bytes * std::max(2.0, rotation);
}

void check_memory(const std::vector<Job>& jobs, size_t llc_bytes, const MemoryAvailable& avail) {
  for (const Job& j : jobs) {
    if (!j.variant->skip_reason(j.problem).empty()) continue;
    double need = 0;
    try {
      need = job_memory_estimate(j, llc_bytes);
    } catch (const std::exception&) {  // operands that cannot be described: the check phase says why
      continue;
    }
    if (need <= 0.9 * avail.bytes) continue;
    const double bytes = j.family->footprint_bytes(j.problem, j.variant);
    throw std::runtime_error(fmt::format(
        "{} problem '{}' ({}) needs about {} ({:.3g} bytes: {} of operands; the correctness check adds an fp64 "
        "reference{}), more than the {} this process may use ({}): choose a smaller problem",
        j.family->name(), j.problem.repro, j.cache == "out" ? "out of cache" : "in cache", size_text(need), need,
        size_text(bytes), need > 2 * bytes ? " and timing rotates copies past the last-level cache" : "",
        size_text(0.9 * avail.bytes), avail.limits));
  }
}

}  // namespace hotops
