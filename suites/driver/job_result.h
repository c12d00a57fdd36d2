// What the driver learns about one job, phase by phase (check → time → counters).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "measure/counters/counters.h"
#include "suite.h"

namespace hotops {

struct JobResult {
  Job job;
  std::string status = "ok";          // "ok" | "skipped: why" | "failed: why"
  nlohmann::json correctness = nullptr;
  size_t footprint_bytes = 0;         // operands of one call
  size_t rotation = 1;                // buffers cycled through per timed call
  std::vector<double> samples{};      // seconds per call, one per repetition
  nlohmann::json device_timing = nullptr;  // device jobs: how samples were taken (core/device_timer.h)
  nlohmann::json counters = nlohmann::json::object();  // per call, flat {name: value}
  nlohmann::json counters_derived = nullptr;             // e.g. measured bytes vs the work model
  std::string counters_source = "none";
  nlohmann::json counters_reason = nullptr;
  bool ok() const { return status == "ok"; }
};

// Correctness phase: every runnable job's variant is checked against the fp64
// reference on its own problem (once per variant × problem); failures and skips are
// recorded in the status so that no time is ever published for them.
void check_jobs(std::vector<JobResult>& results, size_t llc_bytes, int threads, uint64_t seed);

// Whether `run`, one entry of a results file's "runs", is `job` (variant, problem, cache).
bool records_job(const nlohmann::json& run, const Job& job);

// The correctness phase of a later process run: the verdicts, skips, footprints and rotations
// of the same jobs as an earlier run of this program recorded them in its results file
// `checked` (process_runs.h). Throws std::runtime_error when that file is unreadable or lists
// other jobs.
void adopt_checks(std::vector<JobResult>& results, const std::string& checked);

// Timing phase (Google Benchmark): runs the jobs still "ok"; returns Google Benchmark's
// own JSON report of them (empty when nothing was timed).
std::string time_jobs(std::vector<JobResult>& results, int repetitions, double min_time, int threads, uint64_t seed);

// Counters phase: the selected backend's per-call counts for every job still "ok";
// a backend that cannot measure a job records why, and the run goes on.
void count_jobs(std::vector<JobResult>& results, const measure::CounterSelection& counters, int threads,
                uint64_t seed);

// Buffers to cycle through so that `cache == "out"` streams from memory: enough
// copies to exceed 4× the last-level cache; 1 for in-cache.
size_t rotation_count(size_t footprint, const std::string& cache, size_t llc_bytes);

}  // namespace hotops
