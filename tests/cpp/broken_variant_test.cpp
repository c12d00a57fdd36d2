// The correctness check must catch real bugs: deliberately broken softmax kernels fail it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/isa.h"
#include "core/registry.h"
#include "softmax/softmax.h"

namespace hotops::softmax {
namespace {

void wrong_scale(const SoftmaxArgs& a) {  // 0.1 % off: forgot part of the normalization
  two_pass__scalar(a);
  for (int64_t i = 0; i < a.rows * a.n; ++i) a.y[i] *= 1.001f;
}
void skips_tail(const SoftmaxArgs& a) {  // a vector loop that forgets the remainder
  for (int64_t r = 0; r < a.rows; ++r) {
    SoftmaxArgs row = a;
    row.rows = 1;
    row.x = a.x + r * a.n;
    row.y = a.y + r * a.n;
    row.n = a.n - a.n % 8;
    if (row.n) three_pass_reload__scalar(row);
  }
}
void no_max_subtraction(const SoftmaxArgs& a) {  // naive exp(x)/Σexp(x): overflows on large inputs
  for (int64_t r = 0; r < a.rows; ++r) {
    float s = 0;
    for (int64_t i = 0; i < a.n; ++i) s += std::exp(a.x[r * a.n + i]);
    for (int64_t i = 0; i < a.n; ++i) a.y[r * a.n + i] = std::exp(a.x[r * a.n + i]) / s;
  }
}

Variant broken(const char* name, void (*k)(const SoftmaxArgs&)) { return VariantList("softmax").add(name, k, "test"); }

bool passes(const Variant& v, const std::string& repro, const std::string& input) {
  const Family& f = *find_family("softmax");
  return f.make_case(f.parse(repro), input, 7)->check(v).passed;
}

TEST(BrokenVariant, WrongScaleFails) {
  EXPECT_FALSE(passes(broken("wrong_scale__scalar", wrong_scale), "rows=3,n=1000", "uniform"));
  EXPECT_FALSE(passes(broken("wrong_scale__scalar", wrong_scale), "rows=2,n=33", "narrow"));
}

TEST(BrokenVariant, ForgottenTailFails) {
  EXPECT_FALSE(passes(broken("skips_tail__scalar", skips_tail), "rows=2,n=17", "narrow"));
  EXPECT_FALSE(passes(broken("skips_tail__scalar", skips_tail), "rows=1,n=1", "uniform"));
}

TEST(BrokenVariant, NaiveExpOverflowsOnHugeInputs) {
  const Variant v = broken("naive__scalar", no_max_subtraction);
  EXPECT_TRUE(passes(v, "rows=2,n=100", "narrow"));  // fine on tame inputs...
  EXPECT_FALSE(passes(v, "rows=2,n=100", "huge_pos"));  // ...not on hostile ones
  EXPECT_FALSE(passes(v, "rows=2,n=100", "huge_neg"));
}

TEST(BrokenVariant, CorrectKernelPassesTheSameChecks) {
  const Variant* good = find_variant(*find_family("softmax"), "two_pass__scalar");
  for (const char* input : {"uniform", "narrow", "huge_pos", "huge_neg", "neg_inf", "equal"})
    EXPECT_TRUE(passes(*good, "rows=2,n=17", input)) << input;
}

}  // namespace
}  // namespace hotops::softmax
