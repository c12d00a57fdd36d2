// One shared test body for every variant of every family: each test problem × each
// input kind, checked against the family's fp64 reference. Unsupported ISAs skip.
#include <gtest/gtest.h>

#include "core/isa.h"
#include "core/registry.h"

namespace hotops {
namespace {

struct Param {
  const Family* family;
  const Variant* variant;
};

// GoogleTest (and ctest's "# GetParam() = ...") print the parameter: "softmax/two_pass__avx2",
// not the bytes of two pointers.
void PrintTo(const Param& p, std::ostream* os) { *os << p.family->name() << '/' << p.variant->name; }

std::vector<Param> all_variants() {
  std::vector<Param> out;
  for (const Family* f : families())
    for (const Variant& v : f->variants()) out.push_back({f, &v});
  return out;
}

class VariantCorrectness : public ::testing::TestWithParam<Param> {};

TEST_P(VariantCorrectness, MatchesFp64ReferenceOnEveryTestProblemAndInput) {
  const auto [family, variant] = GetParam();
  if (std::string why = isa_unavailable(*variant->isa); !why.empty()) GTEST_SKIP() << why;
  int checked = 0;
  for (const std::string& repro : family->test_problems()) {
    const Problem p = family->parse(repro);
    if (!variant->skip_reason(p).empty()) continue;
    for (const std::string& input : family->inputs()) {
      auto c = family->make_case(p, input, /*seed=*/42);
      const CheckResult r = c->check(*variant);
      EXPECT_TRUE(r.passed) << repro << " input=" << input << ": " << r.detail;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << "no test problem applies to " << variant->name;
}

// Test names cannot hold '/': "softmax_two_pass__avx2".
std::string name_of(const ::testing::TestParamInfo<Param>& info) {
  return std::string(info.param.family->name()) + "_" + std::string(info.param.variant->name);
}

INSTANTIATE_TEST_SUITE_P(Registry, VariantCorrectness, ::testing::ValuesIn(all_variants()), name_of);

TEST(VariantCorrectnessNames, ParametersPrintAsFamilySlashVariant) {
  const Family* f = find_family("softmax");
  ASSERT_NE(f, nullptr);
  const Variant* v = find_variant(*f, "two_pass__avx2");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(::testing::PrintToString(Param{f, v}), "softmax/two_pass__avx2");
}

}  // namespace
}  // namespace hotops
