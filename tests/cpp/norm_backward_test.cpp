// The analytic fp64 backward of LayerNorm, RMSNorm and the L1 norm (the reference every
// backward kernel is checked against) against central finite differences of the fp64
// forward references; and the multi-threaded cases, whose partial dγ, dβ and ψ² are
// combined after the kernels.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "core/registry.h"
#include "norm/common/args.h"
#include "norm/common/bwd_reference.h"
#include "norm/common/row_family.h"
#include "norm/l1norm/l1norm.h"
#include "norm/layernorm/layernorm.h"
#include "norm/rmsnorm/rmsnorm.h"

namespace hotops::norm {
namespace {

using Forward = void (*)(const RowRef&, const double*, double*);

struct NormUnderTest {
  const char* name;
  NormKind kind;
  Forward forward;
  bool has_beta;
};
void PrintTo(const NormUnderTest& s, std::ostream* os) { *os << s.name; }  // not the struct's bytes

class NormBackwardFd : public ::testing::TestWithParam<NormUnderTest> {};

TEST_P(NormBackwardFd, AnalyticGradientMatchesFiniteDifferences) {
  const NormUnderTest s = GetParam();
  for (int64_t d : {2, 5, 7, 33}) {
    std::vector<double> x(static_cast<size_t>(d)), dy(static_cast<size_t>(d));
    std::vector<float> g(static_cast<size_t>(d)), b(static_cast<size_t>(d));
    for (int64_t j = 0; j < d; ++j) {
      x[size_t(j)] = 0.3 * double(j * j) - 1.0 + 0.1 * std::sin(double(j));  // distinct, none at the mean
      dy[size_t(j)] = std::cos(1.7 * double(j));
      g[size_t(j)] = float(32 + (j * 7) % 64) / 64.0f;  // few mantissa bits: γ ± 2^-12 is exact in f32
      b[size_t(j)] = float((j * 5) % 16) / 16.0f - 0.5f;
    }
    auto loss = [&](const std::vector<double>& xv, const std::vector<float>& gv, const std::vector<float>& bv) {
      std::vector<double> y(xv.size());
      s.forward({d, d, DType::f32, gv.data(), s.has_beta ? bv.data() : nullptr, 1e-5, 1, 1}, xv.data(), y.data());
      double l = 0;
      for (int64_t j = 0; j < d; ++j) l += dy[size_t(j)] * y[size_t(j)];
      return l;
    };
    double mean, inv_scale;
    forward_stats(s.kind, x.data(), d, 1e-5, mean, inv_scale);
    for (int64_t j = 0; j < d; ++j) ASSERT_GT(std::fabs(x[size_t(j)] - mean), 1e-2) << "too close to an L1 kink";
    std::vector<double> dx(static_cast<size_t>(d)), dg(static_cast<size_t>(d), 0.0), db(static_cast<size_t>(d), 0.0);
    backward_reference(s.kind, x.data(), dy.data(), g.data(), d, mean, inv_scale, dx.data(), dg.data(),
                       s.has_beta ? db.data() : nullptr);

    double scale = 0;
    for (double v : dx) scale = std::max(scale, std::fabs(v));
    const double h = 1e-5;
    for (int64_t k = 0; k < d; ++k) {
      std::vector<double> xp = x, xm = x;
      xp[size_t(k)] += h, xm[size_t(k)] -= h;
      const double fd = (loss(xp, g, b) - loss(xm, g, b)) / (2 * h);
      EXPECT_NEAR(dx[size_t(k)], fd, 1e-6 * (scale + 1e-3)) << "dx[" << k << "] d=" << d;
      // L is linear in γ and β: the difference quotient is exact up to rounding.
      const float hg = 1.0f / 4096;
      std::vector<float> gp = g, gm = g;
      gp[size_t(k)] += hg, gm[size_t(k)] -= hg;
      EXPECT_NEAR(dg[size_t(k)], (loss(x, gp, b) - loss(x, gm, b)) / (2 * double(hg)), 1e-9) << "dgamma d=" << d;
      if (s.has_beta) {
        std::vector<float> bp = b, bm = b;
        bp[size_t(k)] += hg, bm[size_t(k)] -= hg;
        EXPECT_NEAR(db[size_t(k)], (loss(x, g, bp) - loss(x, g, bm)) / (2 * double(hg)), 1e-9) << "dbeta d=" << d;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Norms, NormBackwardFd,
                         ::testing::Values(NormUnderTest{"layernorm", NormKind::layer, layernorm::reference, true},
                                           NormUnderTest{"rmsnorm", NormKind::rms, rmsnorm::reference, false},
                                           NormUnderTest{"l1norm", NormKind::l1, l1norm::reference, true}),
                         [](const auto& info) { return std::string(info.param.name); });

// threads = 2 splits the rows; the cases then combine the per-thread dγ, dβ and ψ².
TEST(NormCases, TwoThreadsMatchTheReference) {
  const struct {
    const char* family;
    const char* problem;
  } jobs[] = {{"layernorm", "rows=7,d=33"},
              {"l1norm", "rows=9,d=65,dtype=int8"},
              {"layernorm_bwd", "rows=64,d=257"},
              {"rmsnorm_bwd", "rows=5,d=17,dtype=bf16"},
              {"l1norm_bwd", "rows=33,d=40"},
              {"powernorm", "rows=9,d=17"},
              {"affine_norm", "rows=6,d=100,stats=quadratic_mean"}};
  for (const auto& j : jobs) {
    const Family& f = *find_family(j.family);
    const Problem p = f.parse(j.problem);
    for (const Variant& v : f.variants()) {
      if (!v.skip_reason(p).empty()) continue;
      const CheckResult r = f.make_case(p, "normal", 9, Context{2})->check(v);
      EXPECT_TRUE(r.passed) << j.family << "/" << v.name << " " << j.problem << ": " << r.detail;
    }
  }
}

}  // namespace
}  // namespace hotops::norm
