// `hotops-bench run-one`: one variant on one problem, for external tools (valgrind).
#pragma once
#include <string>

namespace hotops {

struct RunOneOptions {
  std::string family, variant, problem, input;
  int iterations = 1;
  uint64_t seed = 1;
};

// Checks the variant against the reference (untimed, also warms up), then runs it
// `iterations` times with callgrind instrumentation switched on around exactly that
// loop (no-op outside valgrind). Returns the exit code.
int run_one(const RunOneOptions& o);

}  // namespace hotops
