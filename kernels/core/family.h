// The family contract, generic over every family: a family owns its problem schema, its
// operands by role, its one work model and its one fp64 reference; the core runs the rest
// (allocation, poisoning, checks, device copies). A new family is a folder: family.cpp (a
// Family subclass), one file per variant, variants.inc, and a line in kernels/families.inc.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/case.h"
#include "core/check.h"
#include "core/problem.h"
#include "core/variant.h"
#include "core/work.h"

namespace hotops {

struct FamilyInfo {
  std::string_view name, description;
  ProblemSchema schema;
  std::vector<std::string> inputs;         // input kinds; the first is the benchmark input
  std::vector<std::string> test_problems;  // swept by the shared correctness test
};

class Family {
 public:
  Family(FamilyInfo info, std::vector<Variant> variants) : info_(std::move(info)), variants_(std::move(variants)) {}
  virtual ~Family() = default;

  std::string_view name() const { return info_.name; }
  std::string_view description() const { return info_.description; }
  const ProblemSchema& schema() const { return info_.schema; }
  const std::vector<Variant>& variants() const { return variants_; }
  const std::vector<std::string>& inputs() const { return info_.inputs; }
  const std::vector<std::string>& test_problems() const { return info_.test_problems; }

  // The least work any variant must do on p (core/work.h).
  virtual Work work(const Problem& p) const = 0;
  // The operands of p run under ctx (per-thread partial results depend on ctx.threads).
  virtual std::vector<Operand> operands(const Problem& p, const Context& ctx) const = 0;
  // Fills the inputs (and state) of c with c.input()'s kind from c.seed(); derived operands
  // (statistics a forward saved, folded weights, quantized copies) are computed here too.
  virtual void fill(Case& c) const = 0;
  // The fp64 reference of every output, from the stored (rounded) inputs.
  virtual std::vector<Expected> reference(const Case& c) const = 0;
  // Calls v's kernel once with arguments bound to c's operands (Case::ptr) and context.
  virtual void run(const Variant& v, Case& c) const = 0;
  // The tolerance v is held to for e on c (default: e.tol); peers may get an allowance.
  virtual double tolerance(const Variant& v, const Case& c, const Expected& e) const;

  // Refuses, with a ProblemError naming the keys, problems the schema accepts but the family
  // cannot run (a combination of keys, a size its arithmetic cannot hold). parse() calls it, so
  // such a problem is refused before anything is allocated.
  virtual void validate(const Problem&) const {}
  Problem parse(std::string_view repro) const {
    Problem p = parse_problem(repro, schema());
    validate(p);
    return p;
  }
  Work traffic(const Problem& p, const Variant& v) const;
  // Bytes of p's operands (+ v's workspace), from operands(): known before anything is allocated.
  double footprint_bytes(const Problem& p, const Variant* v = nullptr, const Context& ctx = {}) const;
  std::unique_ptr<Case> make_case(const Problem& p, const std::string& input, uint64_t seed,
                                  Context ctx = {}) const;

 private:
  FamilyInfo info_;
  std::vector<Variant> variants_;
};

}  // namespace hotops
