// Suite definitions are data (YAML): which variants, which problems, which cache modes.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "core/family.h"

namespace hotops {

struct SuiteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SuiteEntry {
  std::string family;
  std::vector<std::string> variants;  // globs over variant names
  std::vector<std::string> problems;  // repro strings
  std::vector<std::string> cache;     // "in" and/or "out"
};

struct Suite {
  std::string name, description, path, hash;  // hash: "sha256:<hex>" of the file's bytes
  int repetitions = 5;
  double min_time = 0.05;  // seconds per repetition
  int threads = 1;
  int process_runs = 1;    // independent processes the suite runs in (hotops-bench run --process-runs)
  std::vector<SuiteEntry> entries;
};

// Finds suites/<name>.yaml (or takes a path), parses and validates it: unknown families,
// malformed problems and variant names that match nothing are errors naming the entry.
Suite load_suite(const std::string& name_or_path);

// Replaces each entry's problems by those of `problems` its family accepts and drops
// entries that accept none. A problem no entry accepts is an error with the parser's reason.
void override_problems(Suite& s, const std::vector<std::string>& problems);

// One benchmark: a variant on a problem in one cache mode.
struct Job {
  const Family* family;
  const Variant* variant;
  Problem problem;
  std::string cache;
  std::string id() const;  // "family/variant/repro/cache": the benchmark name
};

// Every job of the suite, in suite order, filtered by a glob on Job::id().
std::vector<Job> expand(const Suite& s, const std::string& filter);

}  // namespace hotops
