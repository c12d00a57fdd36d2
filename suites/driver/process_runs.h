// Independent process runs of one suite: `hotops-bench run --process-runs N` runs itself N
// times, each child with `--process-runs 1` and its own seed into a private temporary
// directory, and merges what they wrote into one results file (runner.cpp).
//
// Why in C++ rather than a Python merge after the fact: `hotops-bench run` alone must give
// a complete file, and the merge must recompute every summary and roofline placement over
// all samples with the same code (measure/stats, measure/roofline) that single runs use.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hotops {

// Set in each child to "k of N": it then reports its run, not the temporary file it writes.
inline constexpr const char* kProcessRunEnv = "HOTOPS_PROCESS_RUN";

// Set in children 2..N to the results file of run 1: they adopt its fp64 verdicts instead of
// checking again (the checks are most of a large suite's time; a variant's correctness does not
// change between runs), and time only what run 1 passed.
inline constexpr const char* kChecksFromEnv = "HOTOPS_CHECKS_FROM";

// What one child wrote.
struct ChildRun {
  uint64_t seed = 0;
  nlohmann::json doc;   // its results file
  std::string gbench;   // its Google Benchmark JSON ("" when it timed nothing)
  int exit_code = 0;    // 0, or 3 when some variant failed correctness
};

// A signal (Ctrl-C, SIGTERM, SIGHUP) stopped the runs; forwarded to the running child,
// temporaries removed. The caller re-raises it.
struct Interrupted : std::runtime_error {
  int signal;
  explicit Interrupted(int sig);
};

// Runs `/proc/self/exe <args> --out <tmp>/run-k --seed <seeds[k]>` for each seed in turn (runs
// after the first with kChecksFromEnv naming the first's results), with
// stdout passed through and stderr relayed after each child. Reads each child's results
// into memory and removes the temporary directory before returning or throwing, so nothing is
// left behind. Throws std::runtime_error naming the run, its seed and why when a child
// exits with anything but 0 or 3, or writes no results; Interrupted on a signal.
std::vector<ChildRun> run_children(const std::vector<std::string>& args, const std::string& machine,
                                   const std::vector<uint64_t>& seeds);

// One Google Benchmark JSON from several: the first context, every run's benchmarks.
std::string merge_gbench(const std::vector<std::string>& files);

}  // namespace hotops
