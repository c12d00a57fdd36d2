// Runs one kernel on N threads pinned one per physical core (hwloc), each on its own
// first-touched buffers, and turns repeated timed rounds into rates.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace hotops::measure {

struct TeamKernel {
  // Per-thread preparation before any timing (allocate, first-touch); may be empty.
  std::function<void(int thread)> setup;
  // `rounds` units of work on `thread`; returns the work done (flops or bytes).
  std::function<double(int thread, int64_t rounds)> run;
};

struct TeamPlan {
  int threads = 1;
  double target_seconds = 0.05;  // per timed repetition
  int repetitions = 5;
  double warmup_seconds = 0.1;  // untimed running first: clocks ramp up, pages settle
};

// Returns one rate (work per second, summed over threads) per repetition. A round is
// calibrated first (at least warmup_seconds of untimed running) so each repetition
// lasts about target_seconds. Work per rep is
// divided by the span from the first thread's start to the last thread's end.
std::vector<double> run_team(const TeamKernel& kernel, const TeamPlan& plan);

}  // namespace hotops::measure
