// LayerNorm kernels on hand-made rows: large offsets (where a naive one-pass variance
// loses every digit), constant rows and d = 1 (output exactly β), and bf16 stores that
// must round to nearest even, ties included.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <vector>

#include "core/bf16.h"
#include "core/isa.h"
#include "core/random.h"
#include "core/registry.h"
#include "norm/common/args.h"
#include "norm/layernorm/layernorm.h"
#include "norm_checks.h"

namespace hotops::norm {
namespace {

// Own (non-peer) layernorm variants that run here and handle the dtype.
std::vector<const Variant*> own_variants(const std::string& dtype) {
  const Family& f = *find_family("layernorm");
  const Problem p = f.parse("rows=1,d=8,dtype=" + dtype);
  std::vector<const Variant*> out;
  for (const Variant& v : f.variants())
    if (v.is_own() && v.skip_reason(p).empty()) out.push_back(&v);
  EXPECT_FALSE(out.empty()) << "no layernorm variant for " << dtype;
  return out;
}

void run(const Variant& v, const RowNormArgs& a) { v.kernel<RowNormArgs>()(a); }

// fp64 reference of one f32 row.
std::vector<double> reference(const std::vector<float>& x, const std::vector<float>& g, const std::vector<float>& b) {
  std::vector<double> xd(x.begin(), x.end()), y(x.size());
  const RowRef r{int64_t(x.size()), int64_t(x.size()), DType::f32, g.data(), b.data(), 1e-5, 1, 1};
  layernorm::reference(r, xd.data(), y.data());
  return y;
}

TEST(LayerNorm, LargeOffsetDefeatsNaiveOnePassButNotOurVariants) {
  const int64_t d = 4096;
  Rng rng(7);
  std::vector<float> x(d), g(d, 1.0f), b(d, 0.0f);
  for (float& v : x) v = float(1e4 + rng.uniform(-1, 1));
  // Naive one-pass variance in f32: E[x²] − E[x]² with E[x²] ≈ 1e8, whose ulp is 8.
  float s = 0, s2 = 0;
  for (float v : x) s += v, s2 += v * v;
  const float naive_var = s2 / d - (s / d) * (s / d);
  double mean = 0, var = 0;
  for (float v : x) mean += v;
  mean /= d;
  for (float v : x) var += (v - mean) * (v - mean);
  var /= d;  // ≈ 1/3
  EXPECT_GT(std::fabs(naive_var - var) / var, 0.5) << "the input is not hostile enough to show the cancellation";

  const std::vector<double> ref = reference(x, g, b);
  for (const Variant* v : own_variants("f32")) {
    std::vector<float> y(d);
    run(*v, {1, d, DType::f32, x.data(), y.data(), g.data(), b.data(), 1e-5f, 1, 1, 1});
    const OutputCheck r = check_rows(y, DType::f32, ref, 1, d, f32_tolerance(d));
    EXPECT_TRUE(r.passed) << v->name << ": " << r.detail;
    EXPECT_LT(r.max_err, 1e-5) << v->name;  // offset-robust: nowhere near the u·|μ|/σ ≈ 1e-3 of unshifted sums
  }
}

TEST(LayerNorm, ConstantRowsAndSingleElementRowsGiveExactlyBeta) {
  for (int64_t d : {1, 7, 33, 1000}) {
    std::vector<float> x(static_cast<size_t>(2 * d)), g(static_cast<size_t>(d), 1.25f), b(static_cast<size_t>(d));
    for (int64_t j = 0; j < d; ++j)
      x[size_t(j)] = 3.7f, x[size_t(d + j)] = -1e4f, b[size_t(j)] = 0.01f * float(j) - 0.3f;
    for (const Variant* v : own_variants("f32")) {
      std::vector<float> y(x.size(), std::nanf(""));
      run(*v, {2, d, DType::f32, x.data(), y.data(), g.data(), b.data(), 1e-5f, 1, 1, 1});
      for (int64_t i = 0; i < 2 * d; ++i) ASSERT_EQ(y[size_t(i)], b[size_t(i % d)]) << v->name << " d=" << d;
    }
  }
}

TEST(LayerNorm, Int8ConstantRowsGiveRoundedBeta) {
  const int64_t d = 77;
  std::vector<int8_t> q(static_cast<size_t>(d), int8_t(-93));
  std::vector<float> g(static_cast<size_t>(d), 0.75f), b(static_cast<size_t>(d));
  const float y_scale = 1.0f / 32;
  for (int64_t j = 0; j < d; ++j) b[size_t(j)] = 0.05f * float(j - 40);  // some beyond 127·y_scale: saturate
  for (const Variant* v : own_variants("int8")) {
    std::vector<int8_t> y(static_cast<size_t>(d), 0);
    run(*v, {1, d, DType::int8, q.data(), y.data(), g.data(), b.data(), 1e-5f, 0.02f, y_scale, 1});
    for (int64_t j = 0; j < d; ++j)
      ASSERT_EQ(y[size_t(j)], int8_t(std::clamp(std::nearbyint(double(b[size_t(j)]) / y_scale), -128.0, 127.0)))
          << v->name << " col " << j;
  }
}

// bf16 outputs must be f32_to_bf16 (nearest even) of the f32 result. Constant rows make
// the f32 result exactly β, so β at rounding ties tests the vector stores bit for bit.
TEST(LayerNorm, Bf16OutputsRoundToNearestEvenIncludingTies) {
  const uint32_t patterns[] = {
      0x3f808000u,  // tie, even below: down
      0x3f818000u,  // tie, odd below: up
      0x3f80c000u, 0x3f807fffu, 0xbf818000u, 0x00008000u /* denormal tie */, 0x7f7fffffu /* rounds up to inf */,
      0x477fe000u, 0xc0490fdbu, 0x3eaaaaabu};
  const int64_t d = 37;  // whole vectors and a tail for every ISA
  std::vector<float> g(static_cast<size_t>(d), 1.0f), b(static_cast<size_t>(d));
  for (int64_t j = 0; j < d; ++j) b[size_t(j)] = std::bit_cast<float>(patterns[size_t(j) % std::size(patterns)]);
  std::vector<bf16> x(static_cast<size_t>(d), f32_to_bf16(2.5f));
  for (const Variant* v : own_variants("bf16")) {
    std::vector<bf16> y(static_cast<size_t>(d), bf16{0x7fc0});
    run(*v, {1, d, DType::bf16, x.data(), y.data(), g.data(), b.data(), 1e-5f, 1, 1, 1});
    for (int64_t j = 0; j < d; ++j)
      ASSERT_EQ(y[size_t(j)].bits, f32_to_bf16(b[size_t(j)]).bits) << v->name << " col " << j;
  }
}

TEST(NormBf16, ConversionRoundsToNearestEvenAndKeepsSpecials) {
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0x3f808000u)).bits, 0x3f80);                // tie → even (down)
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0x3f818000u)).bits, 0x3f82);                // tie → even (up)
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0x3f808001u)).bits, 0x3f81);                // above the tie
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0x7f7fffffu)).bits, 0x7f80);                // largest finite → inf
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0xff800000u)).bits, 0xff80);                // −inf stays
  EXPECT_TRUE(std::isnan(bf16_to_f32(f32_to_bf16(std::bit_cast<float>(0x7f800001u)))));  // sNaN stays NaN
  EXPECT_EQ(bf16_to_f32(bf16{0x4049}), std::bit_cast<float>(0x40490000u));
}

TEST(NormCheck, Bf16MeasureCatchesTruncation) {
  // 1 + 3·2^-9 lies 1.5 half-ulps above 1: truncating to 1 errs by more than half an ulp.
  const double ref = 1.0 + 3.0 / 512;
  const std::vector<bf16> rounded = {f32_to_bf16(float(ref))}, truncated = {f32_to_bf16(1.0f)};
  EXPECT_TRUE(check_rows(rounded, DType::bf16, {ref}, 1, 1, 1e-6).passed);
  EXPECT_FALSE(check_rows(truncated, DType::bf16, {ref}, 1, 1, 1e-6).passed);
}

}  // namespace
}  // namespace hotops::norm
