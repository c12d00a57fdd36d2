// The GEMM library (kernels/gemm) against its scalar references: integer products exactly (every
// ISA, every layout, int4, odd sizes, tails of groups and of vectors), floating-point products
// within the rounding of an f32 sum; and the argument checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/bf16.h"
#include "core/isa.h"
#include "gemm/gemm.h"

namespace hotops::gemm {
namespace {

const IsaInfo& core_isa(Isa isa) {
  switch (isa) {
    case Isa::scalar: return hotops::isa("scalar");
    case Isa::avx2: return hotops::isa("avx2");
    case Isa::avxvnni: return hotops::isa("avxvnni");
    case Isa::avx512vnni_ymm:
    case Isa::avx512vnni: return hotops::isa("avx512vnni");
    case Isa::avx512f: return hotops::isa("avx512f");
    case Isa::avx512bf16: return hotops::isa("avx512bf16");
  }
  return hotops::isa("scalar");
}
bool runs_here(Isa isa) { return isa_unavailable(core_isa(isa)).empty(); }

constexpr Isa kIntIsas[] = {Isa::avx2, Isa::avxvnni, Isa::avx512vnni_ymm, Isa::avx512vnni};

struct Shape {
  int64_t m, n, k;
};
// 1s, odd sizes, sizes just off the tile and vector widths, several K blocks of the float path.
const std::vector<Shape> kShapes = {{1, 1, 1},   {1, 17, 33},  {3, 5, 7},    {13, 33, 64}, {12, 32, 128},
                                    {25, 47, 129}, {7, 64, 300}, {40, 70, 513}, {1, 100, 1000}};

// Codes of `bits` in a stored r×c matrix (int8 storage, or packed int4 when int4).
struct Codes {
  std::vector<int8_t> s8;
  std::vector<uint8_t> s4;
  int64_t ld;
  bool int4;
  IntMat mat(bool trans) const { return {int4 ? static_cast<const void*>(s4.data()) : s8.data(), ld, trans, int4}; }
};

Codes random_codes(int64_t rows, int64_t cols, int qmax, bool int4, std::mt19937_64& rng) {
  Codes c{std::vector<int8_t>(size_t(rows * cols)), {}, cols, int4};
  std::uniform_int_distribution<int> d(-qmax, qmax);
  for (auto& v : c.s8) v = int8_t(d(rng));
  if (!c.s8.empty()) c.s8[0] = int8_t(-qmax), c.s8.back() = int8_t(qmax);  // the extremes, always
  if (int4) {
    c.s4.assign(size_t((rows * cols + 1) / 2), 0);
    for (size_t i = 0; i < c.s8.size(); ++i) c.s4[i / 2] |= uint8_t((c.s8[i] & 0xf) << (4 * (i % 2)));
  }
  return c;
}

struct Operands {
  Codes a, b;
  bool ta, tb;
};

Operands random_operands(Shape s, bool ta, bool tb, bool int4, std::mt19937_64& rng) {
  const int qmax = int4 ? 7 : 127;
  return {random_codes(ta ? s.k : s.m, ta ? s.m : s.k, qmax, int4, rng),
          random_codes(tb ? s.n : s.k, tb ? s.k : s.n, qmax, int4, rng), ta, tb};
}

TEST(Gemm, S8IsExactOnEveryIsaLayoutAndWidth) {
  std::mt19937_64 rng(1);
  for (Isa isa : kIntIsas) {
    if (!runs_here(isa)) continue;
    for (Shape s : kShapes)
      for (int layout = 0; layout < 8; ++layout) {
        const bool ta = layout & 1, tb = layout & 2, int4 = layout & 4;
        const Operands o = random_operands(s, ta, tb, int4, rng);
        std::vector<int32_t> want(size_t(s.m * s.n)), got(want.size(), -7);
        s8(Isa::scalar, {s.m, s.n, s.k}, o.a.mat(ta), o.b.mat(tb), want.data(), s.n);
        s8(isa, {s.m, s.n, s.k}, o.a.mat(ta), o.b.mat(tb), got.data(), s.n, /*threads=*/layout % 3 + 1);
        ASSERT_EQ(got, want) << isa_name(isa) << " " << s.m << "x" << s.n << "x" << s.k << " layout " << layout;
      }
  }
}

// Exponents with the full allowed spread (the int64 path), or within 2 of each other (the int32 path).
std::vector<int8_t> random_exponents(int64_t count, std::mt19937_64& rng, bool narrow) {
  std::vector<int8_t> e(static_cast<size_t>(count));
  std::uniform_int_distribution<int> d(-3, narrow ? -1 : 3 + kMaxShiftSpread);
  for (auto& v : e) v = int8_t(d(rng) - 3);
  return e;
}

// Clamps each index's exponents (stored [index][group] or [group][index]) to a spread of 15.
void clamp_spread(std::vector<int8_t>& e, int64_t count, int64_t groups, GroupScale<int8_t> s) {
  for (int64_t r = 0; r < count; ++r) {
    int hi = -128;
    for (int64_t g = 0; g < groups; ++g) hi = std::max<int>(hi, s.data[r * s.rs + g * s.gs]);
    for (int64_t g = 0; g < groups; ++g) {
      int8_t& v = e[size_t(r * s.rs + g * s.gs)];
      v = int8_t(std::max<int>(v, hi - kMaxShiftSpread));
    }
  }
}

TEST(Gemm, ShiftIsExactAndItsDequantizationRoundsOnce) {
  std::mt19937_64 rng(2);
  for (Isa isa : kIntIsas) {
    if (!runs_here(isa)) continue;
    for (int group : {4, 32, 128})
      for (Shape s : kShapes)
        for (int layout = 0; layout < 8; ++layout) {
          const bool ta = layout & 1, tb = layout & 2, int4 = layout & 4;
          const Operands o = random_operands(s, ta, tb, int4, rng);
          const int64_t g = (s.k + group - 1) / group;
          const bool narrow = layout % 2;
          std::vector<int8_t> ea = random_exponents(s.m * g, rng, narrow), eb = random_exponents(g * s.n, rng, narrow);
          const GroupScale<int8_t> sa{ea.data(), g, 1}, sb{eb.data(), 1, s.n};  // [m][g], [g][n]
          clamp_spread(ea, s.m, g, sa);
          clamp_spread(eb, s.n, g, sb);
          const Dims d{s.m, s.n, s.k};
          std::vector<int64_t> want(size_t(s.m * s.n)), got(want.size(), -7);
          shift(Isa::scalar, d, group, o.a.mat(ta), sa, o.b.mat(tb), sb, want.data(), s.n);
          shift(isa, d, group, o.a.mat(ta), sa, o.b.mat(tb), sb, got.data(), s.n, layout % 3 + 1);
          ASSERT_EQ(got, want) << isa_name(isa) << " g" << group << " " << s.m << "x" << s.n << "x" << s.k << " layout "
                               << layout;
          std::vector<float> fwant(want.size()), fgot(want.size(), NAN);
          shift_dequant(Isa::scalar, d, group, o.a.mat(ta), sa, o.b.mat(tb), sb, fwant.data(), s.n);
          shift_dequant(isa, d, group, o.a.mat(ta), sa, o.b.mat(tb), sb, fgot.data(), s.n);
          ASSERT_EQ(fgot, fwant) << isa_name(isa) << " dequantized";
        }
  }
}

TEST(Gemm, FloatScaleGroupsInTheKLoopAndRearrangedAgreeBitForBit) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<float> scale(1e-3f, 2.0f);
  for (Isa isa : {Isa::scalar, Isa::avx2, Isa::avxvnni, Isa::avx512vnni_ymm, Isa::avx512vnni}) {
    if (!runs_here(isa)) continue;
    for (int group : {32, 64})
      for (Shape s : kShapes)
        for (int layout = 0; layout < 8; ++layout) {
          const bool ta = layout & 1, tb = layout & 2, int4 = layout & 4;
          const Operands o = random_operands(s, ta, tb, int4, rng);
          const int64_t g = (s.k + group - 1) / group;
          std::vector<float> fa(size_t(s.m * g)), fb(size_t(g * s.n));
          for (auto& v : fa) v = scale(rng);
          for (auto& v : fb) v = scale(rng);
          const GroupScale<float> sa{fa.data(), 1, s.m}, sb{fb.data(), g, 1};  // [g][m], [n][g]
          const Dims d{s.m, s.n, s.k};
          std::vector<float> want(size_t(s.m * s.n)), got(want.size(), NAN), re(want.size(), NAN);
          group_fma(Isa::scalar, d, group, o.a.mat(ta), sa, o.b.mat(tb), sb, want.data(), s.n);
          group_fma(isa, d, group, o.a.mat(ta), sa, o.b.mat(tb), sb, got.data(), s.n, layout % 3 + 1);
          group_rearranged(isa, d, group, o.a.mat(ta), sa, o.b.mat(tb), sb, re.data(), s.n, layout % 2 + 1);
          ASSERT_EQ(got, want) << isa_name(isa) << " g" << group << " " << s.m << "x" << s.n << "x" << s.k;
          ASSERT_EQ(re, want) << isa_name(isa) << " rearranged g" << group << " " << s.m << "x" << s.n << "x" << s.k;
        }
  }
}

TEST(Gemm, ScaledS8RoundsTheExactSumOnce) {
  std::mt19937_64 rng(4);
  for (Isa isa : kIntIsas) {
    if (!runs_here(isa)) continue;
    for (Shape s : kShapes) {
      const Operands o = random_operands(s, false, true, false, rng);
      std::vector<float> sa(size_t(s.m), 0.37f), sb(size_t(s.n), 1.5e-3f), want(size_t(s.m * s.n)), got(want.size());
      s8_scaled(Isa::scalar, {s.m, s.n, s.k}, o.a.mat(false), sa.data(), o.b.mat(true), sb.data(), want.data(), s.n);
      s8_scaled(isa, {s.m, s.n, s.k}, o.a.mat(false), sa.data(), o.b.mat(true), sb.data(), got.data(), s.n);
      ASSERT_EQ(got, want) << isa_name(isa);
    }
  }
}

// Past one reduction block (16384) the exact sums carry through an int64 / s32 buffer.
TEST(Gemm, LongReductionsStayExact) {
  std::mt19937_64 rng(5);
  const Shape s{7, 19, 40000};
  const Operands o = random_operands(s, false, false, false, rng);
  const int64_t g = s.k / 128 + 1;
  std::vector<int8_t> ea(size_t(s.m * g), 0), eb(size_t(g * s.n), 0);
  // Small spreads: ShiftQuant's int32 fast path, flushed to int64 every few dozen groups.
  for (size_t i = 0; i < ea.size(); ++i) ea[i] = int8_t(i % 3);
  for (size_t i = 0; i < eb.size(); ++i) eb[i] = int8_t(-(int(i) % 2));
  const GroupScale<int8_t> sa{ea.data(), g, 1}, sb{eb.data(), 1, s.n};
  for (Isa isa : kIntIsas) {
    if (!runs_here(isa)) continue;
    std::vector<int32_t> w32(size_t(s.m * s.n)), g32(w32.size());
    s8(Isa::scalar, {s.m, s.n, s.k}, o.a.mat(false), o.b.mat(false), w32.data(), s.n);
    s8(isa, {s.m, s.n, s.k}, o.a.mat(false), o.b.mat(false), g32.data(), s.n);
    EXPECT_EQ(g32, w32) << isa_name(isa);
    std::vector<float> wf(w32.size()), gf(w32.size());
    shift_dequant(Isa::scalar, {s.m, s.n, s.k}, 128, o.a.mat(false), sa, o.b.mat(false), sb, wf.data(), s.n);
    shift_dequant(isa, {s.m, s.n, s.k}, 128, o.a.mat(false), sa, o.b.mat(false), sb, gf.data(), s.n);
    EXPECT_EQ(gf, wf) << isa_name(isa);
  }
}

template <class T>
std::vector<T> random_floats(size_t n, std::mt19937_64& rng, T (*conv)(float)) {
  std::normal_distribution<float> d(0, 1);
  std::vector<T> v(n);
  for (auto& x : v) x = conv(d(rng));
  return v;
}

// |got − want| ≤ rounding of an f32 sum of k products: 2k·ε·Σ|a||b| (a loose bound of γ_k).
template <class T>
void expect_float_gemm(Isa isa, void (*fn)(Isa, Dims, Mat<T>, Mat<T>, float*, int64_t, bool, int), T (*conv)(float),
                       float (*back)(T)) {
  std::mt19937_64 rng(6);
  for (Shape s : kShapes)
    for (int layout = 0; layout < 8; ++layout) {
      const bool ta = layout & 1, tb = layout & 2, accumulate = layout & 4;
      const std::vector<T> a = random_floats<T>(size_t(s.m * s.k), rng, conv), b = random_floats<T>(size_t(s.k * s.n), rng, conv);
      const Mat<T> ma{a.data(), ta ? s.m : s.k, ta}, mb{b.data(), tb ? s.k : s.n, tb};
      std::vector<float> got(size_t(s.m * s.n), accumulate ? 0.5f : NAN);
      fn(isa, {s.m, s.n, s.k}, ma, mb, got.data(), s.n, accumulate, layout % 3 + 1);
      for (int64_t i = 0; i < s.m; ++i)
        for (int64_t j = 0; j < s.n; ++j) {
          double want = accumulate ? 0.5 : 0.0, mag = std::fabs(want);
          for (int64_t k = 0; k < s.k; ++k) {
            const double x = back(a[size_t(ta ? k * s.m + i : i * s.k + k)]), y = back(b[size_t(tb ? j * s.k + k : k * s.n + j)]);
            want += x * y, mag += std::fabs(x * y);
          }
          ASSERT_NEAR(got[size_t(i * s.n + j)], want, 2.0 * double(s.k + 2) * 0x1p-24 * mag + 1e-30)
              << isa_name(isa) << " " << s.m << "x" << s.n << "x" << s.k << " layout " << layout << " at " << i << "," << j;
        }
    }
}

float same(float x) { return x; }
hotops::f16 to_f16(float x) { return f32_to_f16(x); }
hotops::bf16 to_bf16(float x) { return f32_to_bf16(x); }

TEST(Gemm, FloatProductsMatchFp64WithinF32Rounding) {
  for (Isa isa : {Isa::scalar, Isa::avx2, Isa::avx512f}) {
    if (!runs_here(isa)) continue;
    expect_float_gemm<float>(isa, f32, same, same);
    expect_float_gemm<hotops::f16>(isa, f16, to_f16, f16_to_f32);
  }
  for (Isa isa : {Isa::scalar, Isa::avx512bf16})
    if (runs_here(isa)) expect_float_gemm<hotops::bf16>(isa, bf16, to_bf16, bf16_to_f32);
}

TEST(Gemm, RefusesBadArgumentsByName) {
  int8_t a[64] = {}, b[64] = {};
  int32_t c[64];
  const IntMat ma{a, 8}, mb{b, 8};
  EXPECT_THROW(s8(Isa::avx512f, {8, 8, 8}, ma, mb, c, 8), std::invalid_argument);  // no int8 kernel there
  EXPECT_THROW(s8(Isa::scalar, {8, 8, 8}, {a, 4}, mb, c, 8), std::invalid_argument);  // ld < k
  EXPECT_THROW(s8(Isa::scalar, {8, 8, max_k_s32() + 1}, {a, max_k_s32() + 1}, {b, 8}, c, 8), std::invalid_argument);
  int8_t e[64] = {};
  e[1] = kMaxShiftSpread + 1;  // row 0: exponents 0 and 16
  int64_t c64[64];
  try {
    shift(Isa::scalar, {8, 8, 8}, 4, ma, {e, 2, 1}, mb, {e + 32, 1, 8}, c64, 8);
    FAIL() << "a spread of 16 must be refused";
  } catch (const std::invalid_argument& x) {
    EXPECT_NE(std::string(x.what()).find("spread"), std::string::npos) << x.what();
  }
  float f[64];
  const GroupScale<float> s{f, 1, 1};
  EXPECT_THROW(group_fma(Isa::scalar, {8, 8, 8}, 12, ma, s, mb, s, f, 8), std::invalid_argument);  // group not 2^n
  EXPECT_THROW(bf16(Isa::avx512f, {1, 1, 1}, {nullptr, 1}, {nullptr, 1}, f, 1), std::invalid_argument);
}

}  // namespace
}  // namespace hotops::gemm
