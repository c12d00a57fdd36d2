// The vector exp of core/simd/exp.h on every SIMD trait this machine runs (one shared test
// body, the ISA a parameter): the accuracy exp_consts.h documents, and its special values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "core/isa.h"
#include "core/random.h"
#include "core/simd/exp_arrays.h"

namespace hotops::simd {

void PrintTo(const ExpArrays& e, std::ostream* os) { *os << e.isa; }

namespace {

class SimdExp : public ::testing::TestWithParam<ExpArrays> {
 protected:
  void SetUp() override {
    if (std::string why = isa_unavailable(isa(GetParam().isa)); !why.empty()) GTEST_SKIP() << why;
  }
  // The vector traits are held to the bounds exp_consts.h documents; the scalar trait has no
  // FMA (two roundings per polynomial step) and measured up to 2.14e-7.
  double bound(double vector_bound) const { return std::string(GetParam().isa) == "scalar" ? 2.5e-7 : vector_bound; }
};

// n values uniform in [lo, hi), plus the ends; an odd count, so partial vectors are exercised.
std::vector<float> sample(double lo, double hi, size_t n, uint64_t seed) {
  std::vector<float> v(n);
  Rng(seed).fill_uniform(v.data(), n - 2, lo, hi);
  v[n - 2] = float(lo), v[n - 1] = float(hi);
  return v;
}

double rel_err(double got, double want) { return std::fabs(got - want) / want; }

TEST_P(SimdExp, NonPositiveArgumentsToTheDocumentedAccuracy) {
  // Down to −86.6 = −125·ln 2: below, the scalef path flushes to +0 (exp.h).
  const std::vector<float> z = sample(-86.6, 0, 1000003, 1);
  std::vector<float> y(z.size());
  GetParam().nonpos(z.data(), y.data(), int64_t(z.size()));
  double worst = 0;
  for (size_t i = 0; i < z.size(); ++i) worst = std::max(worst, rel_err(y[i], std::exp(double(z[i]))));
  EXPECT_LE(worst, bound(1.7e-7)) << "documented: 1.64e-7";
  EXPECT_GT(worst, 1e-8) << "suspiciously exact: is the polynomial being tested?";
}

TEST_P(SimdExp, NonPositiveSpecialsGiveZero) {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> z = {-inf, std::nanf(""), -1e30f, -200.0f, 0.0f};
  std::vector<float> y(z.size(), -1.0f);
  GetParam().nonpos(z.data(), y.data(), int64_t(z.size()));
  for (size_t i = 0; i + 1 < z.size(); ++i) EXPECT_EQ(y[i], 0.0f) << "exp(" << z[i] << ")";
  EXPECT_NEAR(y.back(), 1.0f, 2e-7f);
}

TEST_P(SimdExp, SplitIsExactInItsPowerOfTwo) {
  const std::vector<float> x = sample(-1e5, 1e5, 1000003, 2);
  std::vector<float> p(x.size()), e(x.size());
  GetParam().split(x.data(), p.data(), e.data(), int64_t(x.size()));
  double worst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    ASSERT_EQ(e[i], std::nearbyint(e[i])) << "n is an integer";
    ASSERT_GE(p[i], 0.68f);
    ASSERT_LE(p[i], 1.46f);
    // p·2^n / exp(x) − 1, without overflow: exp(log p + n·ln 2 − x) − 1.
    worst = std::max(worst, std::fabs(std::expm1(std::log(double(p[i])) + double(e[i]) * M_LN2 - double(x[i]))));
  }
  EXPECT_LE(worst, bound(1.7e-7)) << "documented: 1.64e-7 for |x| ≤ 1e5";
}

TEST_P(SimdExp, ScaledFoldsTheFactorIntoThePolynomial) {
  const std::vector<float> z = sample(-80, 0, 100003, 3);
  std::vector<float> y(z.size());
  const double c = 1 / 3.7;
  const float E = 5;
  GetParam().scaled(z.data(), y.data(), int64_t(z.size()), c, E);
  double worst = 0;
  for (size_t i = 0; i < z.size(); ++i) worst = std::max(worst, rel_err(y[i], std::exp(double(z[i])) * c * 0x1p-5));
  EXPECT_LE(worst, bound(2.5e-7)) << "documented: 2.4e-7";
}

INSTANTIATE_TEST_SUITE_P(Traits, SimdExp, ::testing::ValuesIn(exp_arrays()),
                         [](const auto& info) { return std::string(info.param.isa); });

}  // namespace
}  // namespace hotops::simd
