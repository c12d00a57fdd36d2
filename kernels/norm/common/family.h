// One Family implementation for all the norm families: each folder describes itself as
// data (FamilyInfo) and supplies its variants, work model and case factory.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/family.h"
#include "norm/common/dtype.h"

namespace hotops::norm {

struct FamilyInfo {
  std::string_view name, description;
  ProblemSchema schema;
  std::vector<Variant> variants;
  std::function<Work(const Problem&)> work;
  std::vector<std::string> inputs;         // first = benchmark input
  std::vector<std::string> test_problems;  // swept by the shared correctness test
  std::function<std::unique_ptr<Case>(const Problem&, const std::string& input, uint64_t seed, int threads)> make_case;
};

class NormFamily final : public Family {
 public:
  explicit NormFamily(FamilyInfo info) : i_(std::move(info)) {}
  std::string_view name() const override { return i_.name; }
  std::string_view description() const override { return i_.description; }
  const ProblemSchema& schema() const override { return i_.schema; }
  const std::vector<Variant>& variants() const override { return i_.variants; }
  Work work(const Problem& p) const override { return i_.work(p); }
  std::vector<std::string> inputs() const override { return i_.inputs; }
  std::vector<std::string> test_problems() const override { return i_.test_problems; }
  std::unique_ptr<Case> make_case(const Problem& p, const std::string& input, uint64_t seed,
                                  int threads) const override {
    return i_.make_case(p, input, seed, threads);
  }

 private:
  FamilyInfo i_;
};

// Schema of the rows × d families: rows (default 1), d (required, ≥ min_d), dtype.
ProblemSchema rows_schema(std::vector<std::string> dtypes, int64_t min_d = 1);

// One registry entry; `unsupported` is e.g. &supports_dtypes<kFloat>.
template <class Kernel>
Variant make_variant(std::string_view family, std::string_view name, uint32_t needs, std::string_view paper,
                     Kernel* kernel, std::string (*unsupported)(const Problem&)) {
  return Variant{family, name, needs, paper, reinterpret_cast<AnyKernel>(kernel), nullptr, unsupported};
}

}  // namespace hotops::norm
