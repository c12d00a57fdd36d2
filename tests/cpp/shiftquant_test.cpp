// ShiftQuant beyond the shared variant test: problems refused by name before anything is
// allocated; every step variant within the quantization steps of the *unquantized* fp64 product;
// the quantizers' defining bounds and error ratios; and the committed golden case the report's
// Python quantizers are held to as well.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>

#include "core/bf16.h"
#include "core/isa.h"
#include "core/registry.h"
#include "shiftquant/plan.h"
#include "shiftquant/reference.h"
#include "shiftquant/shiftquant.h"

namespace hotops::shiftquant {
namespace {

const Family& family() { return *find_family("shiftquant"); }

TEST(ShiftQuant, RefusesProblemsItCannotRunBeforeAllocatingAnything) {
  const std::pair<const char*, const char*> bad[] = {
      {"tokens=4,k=8,n=8,dtype=int5", "dtype"},                 // widths other than 8, 6, 4
      {"tokens=4,k=8,n=8,group=0", "group"},
      {"tokens=4,k=8,n=8,group=48", "group"},                    // not a power of two
      {"tokens=4,k=200000,n=8,op=gemm,scale=row", "k=200000"},  // s32 overflow
      {"tokens=4,k=200000,n=8,op=gemm,scale=float", "k=200000"},
      {"tokens=4,k=600000,n=8,op=gemm", "k=600000"},             // int64 shift budget
      {"tokens=200000,k=8,n=8,scale=row", "tokens=200000"},      // dW reduces over tokens
      {"tokens=4,k=8,n=8,op=quantize,dtype=f32", "op=quantize"},
      {"tokens=4,k=8,n=8,dtype=f16,g_dtype=int8", "g_dtype"},
      {"tokens=1e6,k=5e5,n=1e6,op=gemm", "2^32"},  // 10^12 codes: refused, never allocated
  };
  for (auto [text, key] : bad) {
    try {
      family().parse(text);
      ADD_FAILURE() << text << " was accepted";
    } catch (const ProblemError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << text << ": " << e.what();
    }
  }
  // The forward alone never reduces over tokens.
  EXPECT_NO_THROW(family().parse("tokens=200000,k=8,n=8,scale=row,dir=fwd"));
}

// |x − x̂| bound of each element of one operand as its GEMM reads it (transposed or not): half a
// step (nearest) or a step (stochastic), plus the f32 rounding of the float scale's inverse.
std::vector<double> error_bounds(const Numerics& num, size_t job, const float* x, int64_t t, int64_t k, int64_t n,
                                 uint64_t seed, bool transpose) {
  const QuantJob& j = kStepQuant[job];
  const Shape2 s = shape_of(j.tensor, t, k, n);
  std::vector<double> h(size_t(s.rows * s.cols));
  const QuantSpec spec = num.spec(j.gradient, seed, j.stream);
  const RefQuant q = num.integer() ? ref_quantize(spec, j.along, x, s.rows, s.cols) : RefQuant{};
  for (int64_t r = 0; r < s.rows; ++r)
    for (int64_t c = 0; c < s.cols; ++c) {
      const double v = std::fabs(double(x[r * s.cols + c]));
      double b = 0;
      if (num.integer()) {
        b = q.scale(spec, j.along, r, c, s.cols) * (spec.stochastic ? 1.0 : 0.5) + v * 0x1p-22;
        EXPECT_LE(std::fabs(q.value(spec, j.along, r, c, s.cols) - double(x[r * s.cols + c])), b);  // the definition
      } else if (num.format == Format::f16) {
        b = std::max(v * 0x1p-11, 0x1p-25);
      } else if (num.format == Format::bf16) {
        b = v * 0x1p-8 + 0x1p-134;
      }
      h[size_t(transpose ? c * s.rows + r : r * s.cols + c)] = b;
    }
  return h;
}

std::vector<double> as_matrix(const float* x, int64_t rows, int64_t cols, bool transpose) {
  std::vector<double> out(size_t(rows * cols));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) out[size_t(transpose ? c * rows + r : r * cols + c)] = x[r * cols + c];
  return out;
}

// Worst case of |Σ â·b̂ − Σ a·b| over the reduction, plus the kernel's own rounding.
void expect_within_steps(const Tensor& y, int64_t m, int64_t nn, int64_t kk, const std::vector<double>& a,
                         const std::vector<double>& ha, const std::vector<double>& b, const std::vector<double>& hb,
                         const std::string& what) {
  double worst = 0;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < nn; ++j) {
      double exact = 0, bound = 0, mag = 0;
      for (int64_t p = 0; p < kk; ++p) {
        const double x = a[size_t(i * kk + p)], w = b[size_t(p * nn + j)];
        const double dx = ha[size_t(i * kk + p)], dw = hb[size_t(p * nn + j)];
        exact += x * w;
        bound += std::fabs(x) * dw + dx * std::fabs(w) + dx * dw;
        mag += (std::fabs(x) + dx) * (std::fabs(w) + dw);
      }
      bound += 2.0 * double(kk + 2) * 0x1p-24 * mag;  // the f32 sums of the kernels
      const double err = std::fabs(y.at(size_t(i * nn + j)) - exact);
      ASSERT_LE(err, bound) << what << " at (" << i << ", " << j << ")";
      worst = std::max(worst, err / bound);
    }
  EXPECT_GT(worst, 0.0) << what << ": no error at all — was anything quantized?";
}

TEST(ShiftQuant, EveryStepIsWithinTheQuantizationStepsOfTheUnquantizedProduct) {
  const char* problems[] = {"tokens=1,k=130,n=17,group=32",
                            "tokens=33,k=70,n=45,dtype=int4,group=64",
                            "tokens=24,k=96,n=40,dtype=int6,g_dtype=int8,rounding=nearest,group=32",
                            "tokens=33,k=70,n=45,dtype=int4,scale=float,group=32",
                            "tokens=33,k=70,n=45,scale=row",
                            "tokens=33,k=70,n=45,dtype=f16",
                            "tokens=33,k=70,n=45,dtype=bf16"};
  int checked = 0;
  for (const Variant& v : family().variants()) {
    if (!v.name.starts_with("step_") || !isa_unavailable(*v.isa).empty()) continue;
    for (const char* text : problems) {
      const Problem p = family().parse(text);
      if (!v.skip_reason(p).empty()) continue;
      const Numerics num = numerics_of(p);
      const int64_t t = p.dim("tokens"), k = p.dim("k"), n = p.dim("n");
      for (const std::string& input : family().inputs()) {
        auto c = family().make_case(p, input, 7);
        ASSERT_TRUE(c->check(v).passed) << v.name << " " << text << " " << input;
        const float* x = c->tensor("x").host_as<float>();
        const float* w = c->tensor("w").host_as<float>();
        const float* dy = c->tensor("dy").host_as<float>();
        const std::string what = std::string(v.name) + " " + text + " " + input;
        expect_within_steps(c->tensor("y"), t, n, k, as_matrix(x, t, k, false),
                            error_bounds(num, 0, x, t, k, n, c->seed(), false), as_matrix(w, k, n, false),
                            error_bounds(num, 1, w, t, k, n, c->seed(), false), what + " y");
        expect_within_steps(c->tensor("dx"), t, k, n, as_matrix(dy, t, n, false),
                            error_bounds(num, 2, dy, t, k, n, c->seed(), false), as_matrix(w, k, n, true),
                            error_bounds(num, 3, w, t, k, n, c->seed(), true), what + " dx");
        expect_within_steps(c->tensor("dw"), k, n, t, as_matrix(x, t, k, true),
                            error_bounds(num, 4, x, t, k, n, c->seed(), true), as_matrix(dy, t, n, false),
                            error_bounds(num, 5, dy, t, k, n, c->seed(), false), what + " dw");
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 40);
}

double relative_mse(const QuantSpec& s, const std::vector<float>& x, int64_t rows, int64_t cols) {
  const RefQuant q = ref_quantize(s, Along::rows, x.data(), rows, cols);
  double err = 0, ref = 0;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      const double v = x[size_t(r * cols + c)];
      err += std::pow(q.value(s, Along::rows, r, c, cols) - v, 2), ref += v * v;
    }
  return err / ref;
}

// A power-of-two scale is at most twice the float scale (amax/qmax), so its (uniform) rounding
// error has at most 4× the variance; it is never smaller on average. Fewer bits, more error.
TEST(ShiftQuant, PowerOfTwoGroupsCostAtMostTwoBitsOfVarianceOverFloatGroups) {
  std::mt19937_64 gen(11);
  std::normal_distribution<float> d(0, 1);
  std::vector<float> x(256 * 1024);
  for (auto& v : x) v = d(gen);
  double previous = 0;
  for (int bits : {8, 6, 4}) {
    for (int64_t g : {32, 64, 128}) {
      const double pow2 = relative_mse({bits, Scale::pow2, g, false}, x, 256, 1024);
      const double fp = relative_mse({bits, Scale::fp, g, false}, x, 256, 1024);
      EXPECT_GE(pow2 / fp, 1.0) << bits << " bits, g=" << g;
      EXPECT_LE(pow2 / fp, 4.0) << bits << " bits, g=" << g;
      EXPECT_GT(pow2, previous) << bits << " bits, g=" << g;
    }
    previous = relative_mse({bits, Scale::pow2, 128, false}, x, 256, 1024);
  }
}

// The golden case (tests/data/shiftquant_golden.json): a few quantizations of a fixed 5×70 matrix
// by the reference quantizers. The kernels must agree (they do in the shared test too); so must
// the report's Python quantizers (tests/py/test_shiftquant_error.py). HOTOPS_WRITE_GOLDEN=1 rewrites it.
TEST(ShiftQuant, ReferenceQuantizersMatchTheCommittedGoldenCase) {
  const std::string path = std::string(HOTOPS_SOURCE_DIR) + "/tests/data/shiftquant_golden.json";
  const int64_t rows = 5, cols = 70;
  nlohmann::json doc;
  std::vector<float> x(size_t(rows * cols));
  const bool write = std::getenv("HOTOPS_WRITE_GOLDEN") != nullptr;
  if (write) {
    std::mt19937_64 gen(5);
    std::normal_distribution<float> d(0, 1);
    for (size_t i = 0; i < x.size(); ++i) x[i] = i % 23 == 0 ? 300.0f * d(gen) : i % 37 == 0 ? 0.0f : d(gen);
    doc = {{"rows", rows}, {"cols", cols}, {"x", x}, {"cases", nlohmann::json::array()}};
  } else {
    std::ifstream in(path);
    ASSERT_TRUE(in) << "missing " << path;
    doc = nlohmann::json::parse(in);
    x = doc.at("x").get<std::vector<float>>();
  }
  const char* scales[] = {"pow2", "float", "row"};
  size_t i = 0;
  for (int bits : {8, 4})
    for (int sc = 0; sc < 3; ++sc)
      for (bool stochastic : {false, true})
        for (Along along : {Along::rows, Along::cols}) {
          const QuantSpec s{bits, Scale(sc), 16, stochastic, 1234567890123ull, 2};
          const RefQuant q = ref_quantize(s, along, x.data(), rows, cols);
          nlohmann::json got = {{"bits", bits},           {"scale", scales[sc]},  {"group", 16},
                                {"stochastic", stochastic}, {"seed", s.seed},      {"stream", s.stream},
                                {"along", along == Along::rows ? "rows" : "cols"}, {"codes", q.codes},
                                {"exps", q.exps},          {"scales", q.scales}};
          if (write) {
            doc["cases"].push_back(got);
          } else {
            ASSERT_LT(i, doc["cases"].size());
            EXPECT_EQ(got, doc["cases"][i]) << "golden case " << i;
          }
          ++i;
        }
  if (write) std::ofstream(path) << doc.dump() << "\n";
}

}  // namespace
}  // namespace hotops::shiftquant
