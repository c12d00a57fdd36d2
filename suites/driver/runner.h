// `hotops-bench run`: a suite from definition to results file.
#pragma once
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
  uint64_t seed = 1;
};

// Returns the process exit code: 0 ok, 3 when some variant failed correctness.
// Throws (SuiteError, ProblemError, std::runtime_error) on bad input before anything is written.
int run_suite(const RunOptions& o);

}  // namespace hotops
