// Runs a program (no shell) and captures its stdout+stderr, with a time limit.
#pragma once
#include <string>
#include <vector>

namespace hotops::measure {

struct ProcessResult {
  int exit_code = -1;     // exit status; -1 when killed by a signal or not started
  bool timed_out = false;
  std::string output;     // stdout and stderr interleaved
  std::string error;      // why it could not be started (empty when it ran)
};

// argv[0] is looked up in PATH. On timeout the child (only it) is killed.
ProcessResult run_process(const std::vector<std::string>& argv, double timeout_seconds);

// Full path of `program` found in PATH (or as given when it contains '/'), else empty.
std::string find_program(const std::string& program);

}  // namespace hotops::measure
