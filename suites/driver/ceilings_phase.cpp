#include "ceilings_phase.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "measure/ceilings/ceilings.h"
#include "measure/machine.h"
#include "measure/roofline.h"

namespace hotops {
using nlohmann::json;
namespace {

// (level, kernel) pairs the jobs' memory roofs come from.
std::set<std::pair<std::string, std::string>> bandwidth_needs(const std::vector<Job>& jobs, int threads) {
  std::set<std::pair<std::string, std::string>> needs;
  for (const Job& j : jobs) {
    if (!j.variant->skip_reason(j.problem).empty()) continue;
    const Work w = j.family->work(j.problem);
    needs.emplace(measure::memory_level_for(w.bytes(), j.cache, threads, measure::host_topology()),
                  measure::bandwidth_kernel_for(w));
  }
  return needs;
}

bool stored_has(const json& stored, const json& identity) {
  if (stored.is_null()) return false;
  const char* kind = identity.contains("level") ? "bandwidth" : "compute";
  const json list = stored.value(kind, json::array());
  return std::any_of(list.begin(), list.end(), [&](const json& e) { return measure::ceiling_identity(e) == identity; });
}

bool needed(const json& identity, const std::set<std::pair<std::string, std::string>>& bandwidth, int threads,
            const json& stored) {
  if (identity.value("threads", 0) != threads || stored_has(stored, identity)) return false;
  if (!identity.contains("level")) return true;  // compute peaks: all of them, they are cheap
  return bandwidth.count({identity["level"].get<std::string>(), identity["kernel"].get<std::string>()}) > 0;
}

}  // namespace

bool ceiling_needed(const json& identity, const std::vector<Job>& jobs, int threads, const json& stored) {
  return needed(identity, bandwidth_needs(jobs, threads), threads, stored);
}

json complete_ceilings(const std::vector<Job>& jobs, int threads, const std::filesystem::path& path,
                       const json& stored, const std::string& suite_name) {
  const auto bandwidth = bandwidth_needs(jobs, threads);
  measure::CeilingsOptions o;
  o.threads = {threads};
  o.wanted = [&](const json& identity) { return needed(identity, bandwidth, threads, stored); };
  o.subset_for = fmt::format("suite {}, {} thread(s)", suite_name, threads);
  const size_t total = measure::planned_ceilings(o).size();
  if (total == 0) return stored;  // all there: say nothing, write nothing
  size_t done = 0;
  o.log = [&](const std::string& line) {
    if (line.starts_with("warning:")) fmt::print("  {}\n", line);
    else fmt::print("  [{}/{}] {}\n", ++done, total, line);
    std::fflush(stdout);
  };

  if (std::string why = measure::check_writable(path.string()); !why.empty()) {
    fmt::print("hotops: not measuring the missing ceilings: {}\n", why);
    return stored;
  }
  fmt::print("hotops: measuring the {} ceilings this run's roofline needs and {} lacks (built-in kernels, "
             "about 1 s each; the full sweep with likwid-bench: ./run_suite.sh ceilings)\n",
             total, path.string());
  std::fflush(stdout);
  const json merged = measure::merge_ceilings(stored, measure::measure_ceilings(o));
  measure::write_json_atomic(path.string(), merged);
  return merged;
}

}  // namespace hotops
