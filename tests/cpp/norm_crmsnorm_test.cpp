// CRMSNorm's compressed representation: conversion from and to full vectors, and that
// CRMSNorm of the compressed rows equals RMSNorm of the full zero-mean vectors and
// LayerNorm (β = 0) of the original ones — in fp64 and for every kernel.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/random.h"
#include "core/registry.h"
#include "norm/common/args.h"
#include "norm/crmsnorm/crmsnorm.h"
#include "norm/layernorm/layernorm.h"
#include "norm/rmsnorm/rmsnorm.h"
#include "norm_checks.h"

namespace hotops::norm {
namespace {

std::vector<double> random_rows(int64_t rows, int64_t d, double offset, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> v(static_cast<size_t>(rows * d));
  for (double& x : v) x = offset + rng.uniform(-2, 2);
  return v;
}

TEST(CrmsNorm, CompressExpandRoundTripsZeroMeanVectors) {
  for (int64_t d : {2, 3, 7, 768}) {
    const int64_t rows = 3;
    const std::vector<double> x = random_rows(rows, d, 5.0, uint64_t(d));
    std::vector<double> c(static_cast<size_t>(rows * (d - 1))), full(x.size());
    crmsnorm::compress(x.data(), c.data(), rows, d);
    crmsnorm::expand(c.data(), full.data(), rows, d);
    for (int64_t r = 0; r < rows; ++r) {
      double mean = 0, sum = 0;
      for (int64_t j = 0; j < d; ++j) mean += x[size_t(r * d + j)], sum += full[size_t(r * d + j)];
      mean /= double(d);
      EXPECT_NEAR(sum, 0.0, 1e-12 * double(d)) << "expanded vectors are zero-mean";
      // The last entry is −Σ of the others: its rounding grows with d.
      for (int64_t j = 0; j < d; ++j)
        EXPECT_NEAR(full[size_t(r * d + j)], x[size_t(r * d + j)] - mean, 1e-14 * double(d));
    }
    // Compressing the expanded vector gives back the same compressed row.
    std::vector<double> c2(c.size());
    crmsnorm::compress(full.data(), c2.data(), rows, d);
    for (size_t i = 0; i < c.size(); ++i) EXPECT_NEAR(c2[i], c[i], 1e-12);
  }
}

TEST(CrmsNorm, EqualsRmsNormOfTheFullVectorAndLayerNormOfTheOriginal) {
  const int64_t d = 65;
  const std::vector<double> x = random_rows(1, d, -3.0, 11);
  std::vector<double> c(static_cast<size_t>(d - 1)), full(static_cast<size_t>(d));
  crmsnorm::compress(x.data(), c.data(), 1, d);
  crmsnorm::expand(c.data(), full.data(), 1, d);
  std::vector<float> g(static_cast<size_t>(d)), zero(static_cast<size_t>(d), 0.0f);
  for (int64_t j = 0; j < d; ++j) g[size_t(j)] = 0.5f + 0.01f * float(j);
  std::vector<double> y_c(c.size()), y_rms(full.size()), y_ln(full.size());
  crmsnorm::reference({d - 1, d, DType::f32, g.data(), nullptr, 1e-5, 1, 1}, c.data(), y_c.data());
  rmsnorm::reference({d, d, DType::f32, g.data(), nullptr, 1e-5, 1, 1}, full.data(), y_rms.data());
  layernorm::reference({d, d, DType::f32, g.data(), zero.data(), 1e-5, 1, 1}, x.data(), y_ln.data());
  for (int64_t j = 0; j + 1 < d; ++j) {
    EXPECT_NEAR(y_c[size_t(j)], y_rms[size_t(j)], 1e-12);
    EXPECT_NEAR(y_c[size_t(j)], y_ln[size_t(j)], 1e-12);
  }
}

TEST(CrmsNorm, KernelsOnCompressedRowsMatchRmsNormOfFullVectors) {
  const int64_t rows = 5, d = 769;  // stored width 768: whole vectors for every ISA
  const std::vector<double> x = random_rows(rows, d, 100.0, 5);
  std::vector<double> c(static_cast<size_t>(rows * (d - 1))), full(x.size()), ref(c.size());
  crmsnorm::compress(x.data(), c.data(), rows, d);
  const std::vector<float> cf(c.begin(), c.end());
  std::vector<double> cd(cf.begin(), cf.end());  // the f32 values the kernels see
  crmsnorm::expand(cd.data(), full.data(), rows, d);
  std::vector<float> g(static_cast<size_t>(d), 1.0f);
  std::vector<double> y_full(full.size());
  for (int64_t r = 0; r < rows; ++r) {
    rmsnorm::reference({d, d, DType::f32, g.data(), nullptr, 1e-5, 1, 1}, full.data() + r * d, y_full.data() + r * d);
    for (int64_t j = 0; j + 1 < d; ++j) ref[size_t(r * (d - 1) + j)] = y_full[size_t(r * d + j)];
  }
  const Family& f = *find_family("crmsnorm");
  const Problem p = f.parse("rows=5,d=769");
  int ran = 0;
  for (const Variant& v : f.variants()) {
    if (!v.skip_reason(p).empty()) continue;
    std::vector<float> y(cf.size());
    v.kernel<RowNormArgs>()({rows, d - 1, DType::f32, cf.data(), y.data(), g.data(), nullptr, 1e-5f, 1, 1, 1});
    const OutputCheck r = check_rows(y, DType::f32, ref, rows, d - 1, f32_tolerance(d));
    EXPECT_TRUE(r.passed) << v.name << ": " << r.detail;
    ++ran;
  }
  EXPECT_GT(ran, 0);
}

}  // namespace
}  // namespace hotops::norm
