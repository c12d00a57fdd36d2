// The ceilings a run's roofline reads. On first contact with a machine only those are
// measured (built-in kernels, about a second each), not the full sweep of
// `hotops-ceilings` (likwid-bench beside every kernel, 1 and all cores: minutes).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "suite.h"

namespace hotops {

// The entries placing `jobs` (run on `threads` threads) on the roofline reads: every
// compute peak, and the bandwidth of each (memory level, kernel) a job can be bound by.
// True for an identity (measure::ceiling_identity) that is needed and absent from `stored`.
bool ceiling_needed(const nlohmann::json& identity, const std::vector<Job>& jobs, int threads,
                    const nlohmann::json& stored);

// `stored` (null when missing or stale) completed with the entries `jobs` need that it
// lacks, measured now and written to `path`. Prints one progress line per measurement.
// When `path` cannot be written, says so and returns `stored` unchanged.
nlohmann::json complete_ceilings(const std::vector<Job>& jobs, int threads, const std::filesystem::path& path,
                                 const nlohmann::json& stored, const std::string& suite_name);

}  // namespace hotops
