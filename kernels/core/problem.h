// Problem descriptors: "rows=4096,n=1024,dtype=f32" repro strings, benchdnn-style, with
// typed keys: integers (dimensions), reals (a scale), flags (causal), choices (an
// algorithm option), dtypes (per-tensor storage) and the direction (fwd / bwd / train).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/dtype.h"

namespace hotops {

// Thrown for malformed repro strings, unknown keys, bad values; what() names the problem.
struct ProblemError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Key {
  enum class Kind : uint8_t { integer, real, flag, choice, dtype };
  std::string name;
  Kind kind = Kind::integer;
  // Text of the default; nullopt = required, or (optional = true) absent unless given.
  std::optional<std::string> default_text{};
  bool optional = false;
  double min = 1, max = 9.0e15;          // integer and real bounds (inclusive)
  std::vector<std::string> allowed{};    // choice and dtype: the values accepted
};

struct Problem;

// What a family accepts. Built with the chained helpers, in repro-string order:
//   ProblemSchema().integer("rows", 1).integer("n").dtypes("dtype", {"f32", "bf16"})
// Rules relate keys (codes <= vocab): each returns "" or what is wrong, and parsing refuses the
// problem, so a suite naming it fails when it loads, before anything is allocated.
class ProblemSchema {
 public:
  using Rule = std::function<std::string(const Problem&)>;

  ProblemSchema& integer(std::string name, std::optional<int64_t> default_value = std::nullopt, int64_t min = 1);
  ProblemSchema& optional_integer(std::string name, int64_t min = 1);        // absent = the family's rule
  ProblemSchema& real(std::string name, std::optional<double> default_value, double min, double max);
  ProblemSchema& optional_real(std::string name, double min, double max);  // absent = the family's rule
  ProblemSchema& flag(std::string name, bool default_value);
  ProblemSchema& choice(std::string name, std::vector<std::string> allowed);  // first = default
  ProblemSchema& dtypes(std::string name, std::vector<std::string> allowed);  // first = default
  ProblemSchema& direction(std::vector<std::string> allowed);                 // key "dir"; first = default
  ProblemSchema& rule(Rule r);

  const std::vector<Rule>& rules() const { return rules_; }

  const std::vector<Key>& keys() const { return keys_; }
  const Key* find(std::string_view name) const;
  std::string key_list() const;  // "rows, n, dtype" for messages

 private:
  std::vector<Key> keys_;
  std::vector<Rule> rules_;
};

struct Problem {
  using Value = std::variant<int64_t, double, bool, std::string>;
  std::map<std::string, Value, std::less<>> values;  // every key given or defaulted
  std::string repro;  // canonical: keys in schema order ("rows=1,n=1000,dtype=f32")

  bool has(std::string_view key) const { return values.count(key) > 0; }
  // Typed access; each throws ProblemError naming the key when absent or of another kind.
  int64_t dim(std::string_view key) const;
  double real(std::string_view key) const;
  bool flag(std::string_view key) const;
  const std::string& option(std::string_view key) const;  // choice, dtype or direction text
  DType dtype(std::string_view key = "dtype") const;
  std::string_view direction() const;  // "fwd" when the family has no direction key

  // For results: integer keys, and text keys (choices, dtypes, direction) by name.
  std::map<std::string, int64_t> dims() const;
  std::map<std::string, std::string> options() const;
};

// Parses "k=v,k=v"; integers accept 1e6 / 10^6 / 1000000; flags true/false/1/0; reals any
// finite decimal; then checks the schema's rules. Throws ProblemError naming the bad part and
// the known keys, or the broken rule.
Problem parse_problem(std::string_view text, const ProblemSchema& schema);

}  // namespace hotops
