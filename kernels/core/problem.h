// Problem descriptors: "rows=4096,n=1024[,dtype=f32]" repro strings, benchdnn-style.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hotops {

// Thrown for malformed repro strings, unknown keys, bad values; what() names the problem.
struct ProblemError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a family accepts: integer dimensions (with optional defaults) and string options.
struct ProblemSchema {
  struct Dim {
    std::string key;
    int64_t default_value;  // < 0: required
    int64_t min_value = 1;
  };
  struct Option {
    std::string key;
    std::vector<std::string> allowed;  // first is the default
  };
  std::vector<Dim> dims;
  std::vector<Option> options;
};

struct Problem {
  std::map<std::string, int64_t> dims;
  std::map<std::string, std::string> options;

  int64_t dim(const std::string& key) const;              // throws ProblemError if absent
  const std::string& option(const std::string& key) const;  // throws ProblemError if absent
  // Canonical repro string: dims in schema order, then options ("rows=1,n=1000,dtype=f32").
  std::string repro;
};

// Parses "k=v,k=v"; accepts 1e6 / 10^6 / 1000000 for dims. Throws ProblemError.
Problem parse_problem(std::string_view text, const ProblemSchema& schema);

}  // namespace hotops
