// A short copy-bandwidth check, taken at the start and again at the end of a suite: if the
// machine's memory bandwidth moved between the two (another tenant, thermal limits, a
// frequency change), the suite's timings moved with it, and the report says so.
#pragma once
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace hotops::measure {

struct DriftPlan {
  int threads = 1;
  size_t bytes = 0;            // whole working set (both arrays, all threads); 0: not runnable
  std::string skipped;         // why no DRAM-sized copy can run here (then bytes == 0)
};

// DRAM copy over max(64 MiB, 4 × all last-level cache), split over `threads` pinned
// threads; skipped (with the reason) when that is more than a quarter of `available_bytes`.
DriftPlan plan_drift(int threads, double available_bytes);

// GB/s (median of seven ~0.1 s repetitions after a short warm-up; about 0.8 s in all
// with the first touch of the buffers), counted as the ceilings count copy bytes
// (16 B per element, no write-allocate). Buffers are freed before it returns.
double measure_copy_gbps(const DriftPlan& plan);

// The `drift` entry of a results file: {level, kernel, threads, working_set_bytes,
// start_gbps, end_gbps}, or {level, kernel, threads, skipped} (scripts/results.schema.json).
nlohmann::json drift_json(const DriftPlan& plan, double start_gbps, double end_gbps);

}  // namespace hotops::measure
