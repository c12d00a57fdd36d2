// likwid-bench as a second source of ceilings: command lines, runs, and parsing of
// its text report. likwid counts loads + stores per element without write-allocate
// reads and uses ordinary stores in the *_avx / stream_* kernels we map to.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hotops::measure {

struct LikwidBenchReport {
  std::string test;
  int threads = 0;
  int64_t iterations = 0;
  double time_s = 0;
  double size_bytes = 0;
  double mbytes_per_s = 0;  // 1e6 bytes/s
  double mflops_per_s = 0;  // 1e6 flop/s
  std::vector<int> hwthreads;  // where each thread ran ("... running on hwthread N")
};

// Throws std::runtime_error naming the problem: likwid's own ERROR line, or which
// field is missing from the report.
LikwidBenchReport parse_likwid_bench(const std::string& output);

// `likwid-bench -l <test>` properties ("Flops per element" → 30, ...).
std::map<std::string, std::string> parse_likwid_test_properties(const std::string& output);

// Test names from `likwid-bench -a` ("copy_avx - Double-precision ..." lines).
std::vector<std::string> parse_likwid_test_list(const std::string& output);

// likwid sizes are decimal: 1 kB = 1000 B. Rounds to whole kB (at least 1).
std::string likwid_size(size_t bytes);

struct LikwidBench {
  std::string path;         // empty when unavailable
  std::string unavailable;  // why not, when path is empty
  std::string version;
  std::vector<std::string> tests;
  bool has(const std::string& test) const;
};

// Finds the executable and lists its kernels.
LikwidBench probe_likwid_bench(const std::string& program = "likwid-bench");

struct LikwidRun {
  std::vector<std::string> command;
  LikwidBenchReport report;
  std::string error;  // empty on success
};

// One run on `threads` cores of the node domain with a total working set of `bytes`.
// `iterations` per thread (likwid's -i; its -s only takes whole seconds).
LikwidRun run_likwid_bench(const LikwidBench& lb, const std::string& test, size_t bytes, int threads,
                           int64_t iterations);

// Iterations so that one run lasts about `seconds` at `expected_rate` (work/s summed over
// threads), from the test's per-element work (`work_key`: "Flops per element" or
// "Bytes per element"). At least 10, as likwid itself enforces.
int64_t likwid_iterations(const LikwidBench& lb, const std::string& test, const std::string& work_key,
                          size_t bytes, double expected_rate, double seconds);

}  // namespace hotops::measure
