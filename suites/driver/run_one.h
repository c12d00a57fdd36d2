// `hotops-bench run-one`: one variant on one problem, for external tools (valgrind).
#pragma once
#include <string>

namespace hotops {

struct RunOneOptions {
  std::string family, variant, problem, input;
  int iterations = 1;
  uint64_t seed = 1;
};

// Checks the variant against the reference, then runs it `iterations` times between
// the callgrind markers of measure/counters/callgrind_markers.h (no-ops outside
// valgrind). Returns the exit code.
int run_one(const RunOneOptions& o);

}  // namespace hotops
