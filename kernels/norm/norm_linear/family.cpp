// norm_linear family: schema (rows, d, n), work model, case with the folded weights made
// at "model load", fp64 reference of norm then Linear.
#include "norm/common/family.h"

#include <cmath>
#include <vector>

#include "core/isa.h"
#include "norm/common/check.h"
#include "norm/common/inputs.h"
#include "norm/common/row_case.h"
#include "norm/norm_linear/norm_linear.h"

namespace hotops {
namespace norm::norm_linear {
namespace {

class NormLinearCase final : public Case {
 public:
  NormLinearCase(const Problem& p, const std::string& input, uint64_t seed, int threads)
      : rows_(p.dim("rows")), d_(p.dim("d")), n_(p.dim("n")), threads_(threads), input_(input) {
    const std::vector<double> x = make_input(input, rows_, d_, seed);
    x_.assign(x.begin(), x.end());
    gamma_ = make_params(d_, 0.5, 1.5, seed + 1), beta_ = make_params(d_, -0.5, 0.5, seed + 2);
    mean_ = make_params(d_, -1, 1, seed + 3), var_ = make_params(d_, 0.5, 2, seed + 4);
    const double w_bound = 1 / std::sqrt(double(d_));
    w_ = make_params(d_ * n_, -w_bound, w_bound, seed + 5), bias_ = make_params(n_, -0.1, 0.1, seed + 6);
    w_folded_.resize(w_.size()), bias_folded_.resize(bias_.size());
    fold(d_, n_, gamma_.data(), beta_.data(), mean_.data(), var_.data(), kEps, w_.data(), bias_.data(),
         w_folded_.data(), bias_folded_.data());
    y_.assign(size_t(rows_ * n_), 0.0f);
    scratch_.assign(size_t(rows_ * d_ + 3 * d_), 0.0f);
  }

  size_t footprint_bytes() const override { return 4 * (x_.size() + w_.size() + y_.size() + bias_.size()); }

  void run(const Variant& v) override {
    reinterpret_cast<void (*)(const NormLinearArgs&)>(v.kernel)(
        {rows_, d_, n_, x_.data(), gamma_.data(), beta_.data(), mean_.data(), var_.data(), kEps, w_.data(),
         bias_.data(), w_folded_.data(), bias_folded_.data(), y_.data(), scratch_.data(), threads_});
  }

  CheckResult check(const Variant& v) override {
    if (ref_.empty()) reference();
    std::fill(y_.begin(), y_.end(), std::nanf(""));
    run(v);
    // A GEMM's sum of d products per output, plus the rounding of the folded weights.
    const double tol = case_tolerance(v, input_, 2 * f32_tolerance(d_));
    return check_floats("y", y_.data(), ref_.data(), rows_, n_, tol);
  }

 private:
  void reference() {  // the unfolded computation in fp64
    ref_.assign(size_t(rows_ * n_), 0.0);
    std::vector<double> xn(static_cast<size_t>(d_));
    for (int64_t i = 0; i < rows_; ++i) {
      for (int64_t k = 0; k < d_; ++k)
        xn[size_t(k)] = gamma_[size_t(k)] * (x_[size_t(i * d_ + k)] - mean_[size_t(k)]) /
                            std::sqrt(double(var_[size_t(k)]) + kEps) +
                        beta_[size_t(k)];
      for (int64_t j = 0; j < n_; ++j) {
        double s = bias_[size_t(j)];
        for (int64_t k = 0; k < d_; ++k) s += xn[size_t(k)] * w_[size_t(k * n_ + j)];
        ref_[size_t(i * n_ + j)] = s;
      }
    }
  }

  int64_t rows_, d_, n_;
  int threads_;
  std::string input_;
  std::vector<float> x_, gamma_, beta_, mean_, var_, w_, bias_, w_folded_, bias_folded_, y_, scratch_;
  std::vector<double> ref_;
};

// The unfolded pair also writes the normalized X and reads it back (and the norm's vectors).
Work unfolded_traffic(const Problem& p, const Work& m) {
  Work w = m;
  const double xd = 4.0 * double(p.dim("rows")) * double(p.dim("d"));
  w.bytes_read += xd + 16.0 * double(p.dim("d"));
  w.bytes_written += xd;
  return w;
}

std::vector<Variant> variants() {
  std::vector<Variant> v = [] {
#define HOTOPS_NORM_FAMILY "norm_linear"
#define HOTOPS_NORM_VARIANTS "norm/norm_linear/variants.inc"
#include "norm/common/variant_list.inc"
  }();
  for (Variant& x : v)
    if (x.name.starts_with("unfolded")) x.traffic = unfolded_traffic;
  return v;
}

// The family minimum is the folded GEMM: 2·d flops per output plus the bias.
Work work(const Problem& p) {
  const double rows = double(p.dim("rows")), d = double(p.dim("d")), n = double(p.dim("n"));
  return Work{rows * n, 2 * rows * d * n + rows * n, 0, 4 * (rows * d + d * n + n), 4 * rows * n};
}

}  // namespace
}  // namespace norm::norm_linear

const Family& norm_linear_family() {
  using namespace norm;
  static const NormFamily f({
      "norm_linear",
      "per-channel norm (BN/UN/PowerNorm inference) + Linear: unfolded vs folded into the weights (2208.01313)",
      ProblemSchema{{{"rows", 1}, {"d", -1}, {"n", -1}}, {{"dtype", {"f32"}}}},
      norm_linear::variants(),
      norm_linear::work,
      input_kinds(),
      {"rows=1,d=1,n=1", "rows=3,d=7,n=5", "rows=2,d=16,n=17", "rows=17,d=33,n=9", "rows=64,d=257,n=65",
       "rows=5,d=1000,n=31", "rows=128,d=768,n=96"},
      [](const Problem& p, const std::string& input, uint64_t seed, int threads) -> std::unique_ptr<Case> {
        return std::make_unique<norm_linear::NormLinearCase>(p, input, seed, threads);
      },
  });
  return f;
}

}  // namespace hotops
