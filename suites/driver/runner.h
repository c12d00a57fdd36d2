// `hotops-bench run`: a suite from definition to results file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace hotops {

struct RunOptions {
  std::string suite = "quick";
  std::string out_dir = "results";
  std::string machine;        // default: host name
  std::string filter;         // glob over "family/variant/problem/cache"
  std::vector<std::string> problems;  // replace the suite's problems (repro strings)
  int threads = 0;            // 0: the suite's
  std::string counters = "auto";
  std::string ceilings;       // path; default <out>/<machine>/ceilings.json
  bool measure_ceilings = false;  // measure what the roofline needs and the ceilings file lacks
  uint64_t seed = 1;
  int process_runs = 0;       // 0: the suite's (process_runs:, default 1)
};

// Returns the process exit code: 0 ok, 3 when some variant failed correctness.
// With more than one process run, runs this program once per run (process_runs.h) and
// publishes the merged results; a run that fails is an error naming it, and nothing is written.
// Throws (SuiteError, ProblemError, std::runtime_error) on bad input before anything is
// written: an unknown suite or problem, a problem larger than the memory available, an
// empty --out, a --machine that is not a plain name, an explicit --ceilings that cannot
// be used.
int run_suite(const RunOptions& o);

// Throws std::runtime_error unless `name` can be one folder under the results directory
// (letters, digits, '_', '-', '.'; not "." or "..").
void check_machine_name(const std::string& name);

}  // namespace hotops
