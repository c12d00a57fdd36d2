// The variant contract, generic over families. Each family owns its problem
// schema, tensor types, work model and fp64 reference; the core sees only this.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/problem.h"

namespace hotops {

// Work model of one problem: the family minimum (each operand touched once).
struct Work {
  double elements = 0;         // the family's natural item (e.g. input elements)
  double flops = 0;            // useful arithmetic, transcendentals excluded
  double transcendentals = 0;  // exp / log / sqrt / div counted once each
  double bytes_read = 0;
  double bytes_written = 0;
  double bytes() const { return bytes_read + bytes_written; }
  double intensity() const { return bytes() > 0 ? (flops + transcendentals) / bytes() : 0; }
};

using AnyKernel = void (*)();  // a family-typed function pointer, cast back by the family

struct Variant {
  std::string_view family;
  std::string_view name;   // <algorithm>[_<detail>]__<isa>
  uint32_t needs;          // core/isa.h feature bits
  std::string_view paper;  // arXiv id of the claim it belongs to, or "peer"
  AnyKernel kernel;
  // Memory traffic of this variant when its operands stream from memory (more passes
  // than the family minimum); empty = the family minimum. Used for % of bandwidth.
  Work (*traffic)(const Problem&, const Work& minimum) = nullptr;
  // Empty when the variant handles this problem, else why not.
  std::string (*unsupported)(const Problem&) = nullptr;

  std::string_view algorithm() const { return name.substr(0, name.rfind("__")); }
  std::string_view isa() const { return name.substr(name.rfind("__") + 2); }
  bool is_peer() const { return paper == "peer"; }
  std::string skip_reason(const Problem& p) const;  // empty = runnable here
};

struct CheckResult {
  double max_err = 0;  // family-defined error measure (normalized error, max over outputs)
  double tol = 0;
  bool passed = false;
  std::string detail;  // where it failed, first bad index/value
};

// One problem's operands, filled with one input kind; any variant of the family runs on it.
class Case {
 public:
  virtual ~Case() = default;
  virtual size_t footprint_bytes() const = 0;  // operands touched by one run
  virtual void run(const Variant& v) = 0;      // no allocation, no I/O
  virtual CheckResult check(const Variant& v) = 0;  // run, compare with the fp64 reference
};

class Family {
 public:
  virtual ~Family() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  virtual const ProblemSchema& schema() const = 0;
  virtual const std::vector<Variant>& variants() const = 0;
  virtual Work work(const Problem& p) const = 0;
  // Input kinds; the first is what benchmarks use, all are used by the correctness tests.
  virtual std::vector<std::string> inputs() const = 0;
  // Problems the correctness tests sweep (awkward sizes, larger than the LLC, ...).
  virtual std::vector<std::string> test_problems() const = 0;
  virtual std::unique_ptr<Case> make_case(const Problem& p, const std::string& input, uint64_t seed,
                                          int threads) const = 0;

  Problem parse(std::string_view repro) const { return parse_problem(repro, schema()); }
  Work traffic(const Problem& p, const Variant& v) const {
    Work w = work(p);
    return v.traffic ? v.traffic(p, w) : w;
  }
};

}  // namespace hotops
