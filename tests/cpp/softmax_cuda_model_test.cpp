// The CUDA softmax kernels without a GPU: their row split, reductions and algorithms are
// shared code (kernels/core/cuda/, kernels/softmax/cuda/algorithms.cuh) that the host model
// runs in the kernels' exact order. Here the model of every variant (algorithm x team shape)
// meets the family's fp64 reference on every test problem and input kind, with outputs
// poisoned first; the split is checked to own every element exactly once. Where a device
// exists, the shared correctness test runs the kernels themselves.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/registry.h"
#include "softmax/cuda/algorithms.cuh"

namespace hotops::softmax::cuda {
namespace {

using hotops::cuda::BlockRows;
using hotops::cuda::RowSplit;
using hotops::cuda::WarpRows;

using RowModel = void (*)(const float*, float*, int64_t);
struct ModelVariant {
  const char* name;
  RowModel row;
};

const std::vector<ModelVariant>& model_variants() {
  static const std::vector<ModelVariant> v = {
      {"three_pass_recompute_warp__cuda", model_softmax_row<ThreePassRecompute, WarpRows>},
      {"three_pass_recompute_block__cuda", model_softmax_row<ThreePassRecompute, BlockRows>},
      {"three_pass_reload_warp__cuda", model_softmax_row<ThreePassReload, WarpRows>},
      {"three_pass_reload_block__cuda", model_softmax_row<ThreePassReload, BlockRows>},
      {"two_pass_warp__cuda", model_softmax_row<TwoPass, WarpRows>},
      {"two_pass_block__cuda", model_softmax_row<TwoPass, BlockRows>},
      {"online_warp__cuda", model_softmax_row<Online, WarpRows>},
      {"online_block__cuda", model_softmax_row<Online, BlockRows>},
  };
  return v;
}

// Records the indices a lane visits (the input holds its own indices).
struct Visits {
  std::vector<int64_t> seen;
  float operator()(int slot, float v) {
    EXPECT_TRUE(slot >= 0 && slot < 4);
    seen.push_back(int64_t(v));
    return v;
  }
};

TEST(CudaRowSplit, EveryElementHasExactlyOneOwnerVisitedInOrder) {
  std::vector<float> in(4200), out(4200);
  for (size_t i = 0; i < in.size(); ++i) in[i] = float(i);
  for (int lanes : {WarpRows::kLanes, BlockRows::kLanes})
    for (int64_t n : {0, 1, 2, 3, 4, 5, 7, 8, 31, 32, 33, 127, 128, 129, 131, 1000, 4099})
      for (int xoff : {0, 1, 2, 3})
        for (int yoff : {xoff, (xoff + 1) % 4}) {
          const float* x = in.data() + 16 + xoff;  // in.data() is 16-byte aligned (operator new)
          float* y = out.data() + 16 + yoff;
          const RowSplit s = hotops::cuda::split_row(x, y, n);
          ASSERT_EQ(s.head + 4 * s.vectors + s.tail, n);
          if (xoff == yoff) {
            EXPECT_LE(s.head, 3);
            EXPECT_LE(s.tail, 3);
            if (s.vectors > 0) {
              EXPECT_EQ(reinterpret_cast<uintptr_t>(x + s.head) % 16, 0u);
            }
          } else {
            EXPECT_EQ(s.vectors, 0) << "unequal alignment must not use vectors";
          }
          std::vector<int> owners(size_t(n), 0);
          for (int lane = 0; lane < lanes; ++lane) {
            Visits v;
            hotops::cuda::stream_row(x, nullptr, s, lane, lanes, v);
            EXPECT_TRUE(std::is_sorted(v.seen.begin(), v.seen.end()));
            for (int64_t i : v.seen) ++owners[size_t(i - 16 - xoff)];
          }
          for (int64_t i = 0; i < n; ++i)
            ASSERT_EQ(owners[size_t(i)], 1) << "lanes=" << lanes << " n=" << n << " xoff=" << xoff << " i=" << i;
        }
}

TEST(CudaRowSplit, MapWritesEveryOwnedElementOnly) {
  std::vector<float> x(300, 1.0f), y(300, -7.0f);
  struct Twice {
    float operator()(int, float v) { return 2 * v; }
  } twice;
  const RowSplit s = hotops::cuda::split_row(x.data() + 5, y.data() + 5, 290);
  for (int lane = 0; lane < 32; ++lane) hotops::cuda::stream_row(x.data() + 5, y.data() + 5, s, lane, 32, twice);
  for (int i = 0; i < 300; ++i) EXPECT_EQ(y[size_t(i)], i >= 5 && i < 295 ? 2.0f : -7.0f) << i;
}

TEST(CudaTeam, BlockReduceCombinesEveryThreadOnce) {
  std::vector<hotops::cuda::Pair> v(BlockRows::kThreads);
  for (int t = 0; t < BlockRows::kThreads; ++t) v[size_t(t)] = {float(t), 1};
  auto sum = [](hotops::cuda::Pair p, hotops::cuda::Pair q) { return hotops::cuda::Pair{p.a + q.a, p.b + q.b}; };
  const hotops::cuda::Pair total = BlockRows::model_all_reduce(v, sum, {0, 0});
  EXPECT_EQ(total.a, 1023.0f * 1024 / 2);
  EXPECT_EQ(total.b, 1024.0f);
  const hotops::cuda::Pair warp = WarpRows::model_all_reduce({v.begin(), v.begin() + 32}, sum, {0, 0});
  EXPECT_EQ(warp.a, 31.0f * 32 / 2);
}

TEST(CudaTwoPass, SplitAndScaleAreExact) {
  for (float x : {-1e5f, -87.3f, -1.0f, 0.0f, 0.5f, 10.0f, 88.0f, 1e5f}) {
    float k;
    const float p = TwoPass::split(x, k);
    EXPECT_GE(p, 0.70f);
    EXPECT_LE(p, 1.42f);
    EXPECT_EQ(k, std::nearbyint(k));
    EXPECT_NEAR(std::log(double(p)) + double(k) * std::log(2.0), double(x), 1e-6 * std::max(1.0, std::abs(double(x))));
  }
  float k;
  EXPECT_EQ(TwoPass::split(-std::numeric_limits<float>::infinity(), k), 0.0f);
  EXPECT_EQ(k, -std::numeric_limits<float>::infinity());
  EXPECT_EQ(TwoPass::scale(1.5f, -3.0f), 1.5f / 8);
  EXPECT_EQ(TwoPass::scale(1.5f, -126.0f), std::ldexp(1.5f, -126));
  EXPECT_EQ(TwoPass::scale(1.5f, -127.0f), 0.0f);
  EXPECT_EQ(TwoPass::scale(1.5f, -std::numeric_limits<float>::infinity()), 0.0f);
  const hotops::cuda::Pair none = TwoPass::identity(0);
  const hotops::cuda::Pair c = TwoPass::combine(0, none, none);
  EXPECT_EQ(c.a, 0.0f);
  EXPECT_EQ(c.b, -std::numeric_limits<float>::infinity());
}

// Runs `row` over every row of c's x into its (poisoned) y and compares with the reference.
CheckResult check_model(const Family& f, Case& c, RowModel row) {
  const std::vector<Expected> expected = f.reference(c);
  Tensor& x = c.tensor("x");
  Tensor& y = c.tensor("y");
  y.poison();
  const int64_t n = x.width();
  for (int64_t r = 0; r < x.rows(); ++r) row(x.host_as<float>() + r * n, y.host_as<float>() + r * n, n);
  CheckResult result;
  for (const Expected& e : expected) result.add(compare(c.tensor(e.output), e, e.tol));
  return result;
}

TEST(CudaSoftmaxModel, EveryVariantMatchesTheFp64ReferenceOnEveryTestProblemAndInput) {
  const Family& f = *find_family("softmax");
  for (const std::string& repro : f.test_problems())
    for (const std::string& input : f.inputs()) {
      auto c = f.make_case(f.parse(repro), input, 42);
      for (const ModelVariant& v : model_variants()) {
        const CheckResult r = check_model(f, *c, v.row);
        EXPECT_TRUE(r.passed) << v.name << " " << repro << " input=" << input << ": " << r.detail;
      }
    }
}

// Rows that start at every alignment, x and y equally or differently aligned: the vector
// path, its head and tail, and the all-scalar fallback.
TEST(CudaSoftmaxModel, MisalignedRowsTakeTheScalarPathsAndStayCorrect) {
  const Family& f = *find_family("softmax");
  auto c = f.make_case(f.parse("rows=1,n=1027"), "narrow", 7);
  const std::vector<Expected> expected = f.reference(*c);
  const float* x0 = c->tensor("x").host_as<float>();
  for (int xoff : {0, 1, 2, 3})
    for (int yoff : {0, 1, 2, 3}) {
      std::vector<float> xb(1027 + 8);
      std::copy(x0, x0 + 1027, xb.begin() + xoff);
      for (const ModelVariant& v : model_variants()) {
        std::vector<float> yb(1027 + 8, std::numeric_limits<float>::quiet_NaN());
        v.row(xb.data() + xoff, yb.data() + yoff, 1027);
        for (int i = 0; i < 1027; ++i) {
          const double r = expected[0].values[size_t(i)];
          ASSERT_LE(std::abs(yb[size_t(yoff + i)] - r), expected[0].tol * r)
              << v.name << " xoff=" << xoff << " yoff=" << yoff << " i=" << i;
        }
      }
    }
}

// The model is not a tautology: a wrong statistic is caught.
TEST(CudaSoftmaxModel, ABrokenRowIsCaught) {
  const Family& f = *find_family("softmax");
  auto c = f.make_case(f.parse("rows=3,n=33"), "uniform", 1);
  const RowModel off_by_one = [](const float* x, float* y, int64_t n) { model_softmax_row<Online, WarpRows>(x, y, n - 1); };
  EXPECT_FALSE(check_model(f, *c, off_by_one).passed);  // the last element stays poisoned
}

}  // namespace
}  // namespace hotops::softmax::cuda
