// The int8 L1 norm's integer scheme (common/int8_rows.h) on hand-made rows: the mean is
// an integer rounded half away from zero, the deviation sum is exact, outputs saturate;
// and every row length exercises the psadbw bulk and its scalar tail.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/random.h"
#include "core/registry.h"
#include "norm/common/args.h"
#include "norm/common/row_family.h"
#include "norm/l1norm/l1norm.h"

namespace hotops::norm {
namespace {

std::vector<const Variant*> int8_variants() {
  const Family& f = *find_family("l1norm");
  const Problem p = f.parse("rows=1,d=8,dtype=int8");
  std::vector<const Variant*> out;
  for (const Variant& v : f.variants())
    if (v.skip_reason(p).empty()) out.push_back(&v);
  EXPECT_FALSE(out.empty());
  return out;
}

std::vector<int8_t> run(const Variant& v, const std::vector<int8_t>& q, const std::vector<float>& g,
                        const std::vector<float>& b, float x_scale, float y_scale) {
  std::vector<int8_t> y(q.size(), int8_t(-77));
  const RowNormArgs a{1,     int64_t(q.size()), DType::int8, q.data(), y.data(), g.data(), b.data(),
                      1e-5f, x_scale,           y_scale,     1};
  v.kernel<RowNormArgs>()(a);
  return y;
}

TEST(L1NormInt8, MeanIsAnIntegerRoundedHalfAwayFromZero) {
  // {1, 2}: mean 1.5 → 2, Σ|q − 2| = 1, mad = 0.5 (s_x = 1): y = (q − 2)·2 → {−2, 0} →
  // {−32, 0} at s_y = 1/16. A real-valued mean would give {−16, 16}.
  const std::vector<float> g = {1, 1}, b = {0, 0};
  for (const Variant* v : int8_variants()) {
    EXPECT_EQ(run(*v, {1, 2}, g, b, 1, 1.0f / 16), (std::vector<int8_t>{-32, 0})) << v->name;
    EXPECT_EQ(run(*v, {-1, -2}, g, b, 1, 1.0f / 16), (std::vector<int8_t>{32, 0})) << v->name;  // −1.5 → −2
    // {0, 0, 0, 1}: mean 0.25 → 0, Σ|q| = 1, mad = 0.25: y = 4·q → {0, 0, 0, 64}.
    EXPECT_EQ(run(*v, {0, 0, 0, 1}, {1, 1, 1, 1}, {0, 0, 0, 0}, 1, 1.0f / 16), (std::vector<int8_t>{0, 0, 0, 64}))
        << v->name;
  }
}

TEST(L1NormInt8, SaturatesAndMatchesTheSchemeAtEveryLength) {
  Rng rng(3);
  for (int64_t d = 1; d <= 140; ++d) {
    std::vector<int8_t> q(static_cast<size_t>(d));
    std::vector<float> g(static_cast<size_t>(d)), b(static_cast<size_t>(d));
    for (int64_t j = 0; j < d; ++j) {
      q[size_t(j)] = int8_t(int(rng.below(256)) - 128);
      g[size_t(j)] = float(rng.uniform(0.5, 1.5)), b[size_t(j)] = float(rng.uniform(-0.5, 0.5));
    }
    const float x_scale = 0.05f, y_scale = 1.0f / 64;  // |y| > 2 saturates
    std::vector<double> x(q.begin(), q.end()), ref(q.size());
    l1norm::reference({d, d, DType::int8, g.data(), b.data(), 1e-5, x_scale, y_scale}, x.data(), ref.data());
    for (const Variant* v : int8_variants()) {
      const std::vector<int8_t> y = run(*v, q, g, b, x_scale, y_scale);
      for (int64_t j = 0; j < d; ++j) {
        const double want = std::clamp(ref[size_t(j)], -128.0, 127.0);
        ASSERT_LE(std::fabs(y[size_t(j)] - want), 0.5 + kInt8Tol) << v->name << " d=" << d << " col " << j;
      }
    }
  }
}

}  // namespace
}  // namespace hotops::norm
