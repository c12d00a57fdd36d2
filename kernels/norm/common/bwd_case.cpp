#include "norm/common/bwd_case.h"

#include <cmath>
#include <vector>

#include "norm/common/bwd_reference.h"
#include "norm/common/check.h"
#include "norm/common/inputs.h"
#include "norm/common/row_case.h"
#include "norm/common/tensor.h"
#include "norm/common/threads.h"

namespace hotops::norm {
namespace {

// Read x, dy, γ, the saved statistics; write dx, dγ (and dβ).
Work bwd_work(const RowBwdSpec& spec, const Problem& p) {
  const double rows = double(p.dim("rows")), d = double(p.dim("d")), e = rows * d;
  const double es = double(dtype_size(dtype_of(p)));
  const double stats = spec.centred() ? 2 : 1, params = spec.centred() ? 2 : 1;
  return Work{e, spec.flops_per_element * e, 0, 2 * es * e + 4 * d + 4 * stats * rows, es * e + 4 * params * d};
}

class BwdCase final : public Case {
 public:
  BwdCase(const RowBwdSpec& spec, const Problem& p, const std::string& input, uint64_t seed, int threads)
      : spec_(spec), input_(input), threads_(threads) {
    const DType t = dtype_of(p);
    rows_ = p.dim("rows"), d_ = p.dim("d");
    x_ = Tensor(t, rows_, d_), dy_ = Tensor(t, rows_, d_), dx_ = Tensor(t, rows_, d_);
    x_.set(make_input(input, rows_, d_, seed).data());
    dy_.set(make_input("normal", rows_, d_, seed + 3).data());
    gamma_ = make_params(d_, 0.5, 1.5, seed + 1);
    // The statistics a forward pass saves: exact, rounded to f32.
    std::vector<double> row(static_cast<size_t>(d_));
    for (int64_t r = 0; r < rows_; ++r) {
      x_.get_row(r, row.data());
      double m, s;
      forward_stats(spec.kind, row.data(), d_, kEps, m, s);
      mean_.push_back(float(m)), inv_scale_.push_back(float(s));
    }
    const int blocks = threads > 1 && rows_ >= threads ? threads : 1;
    partial_.resize(size_t(blocks) * 2 * size_t(d_));
    dgamma_.resize(size_t(d_)), dbeta_.resize(size_t(d_));
  }

  size_t footprint_bytes() const override { return x_.bytes() + dy_.bytes() + dx_.bytes() + 16 * size_t(d_); }

  void run(const Variant& v) override {
    auto kernel = reinterpret_cast<RowNormBwdKernel>(v.kernel);
    const size_t es = dtype_size(x_.dtype());
    const RowNormBwdArgs a{rows_,
                           d_,
                           x_.dtype(),
                           x_.data(),
                           dy_.data(),
                           dx_.data(),
                           gamma_.data(),
                           spec_.centred() ? mean_.data() : nullptr,
                           inv_scale_.data(),
                           dgamma_.data(),
                           spec_.centred() ? dbeta_.data() : nullptr,
                           threads_};
    const int blocks = int(partial_.size() / (2 * size_t(d_)));
    if (v.is_peer() || blocks == 1) return kernel(a);
    // One block of rows per thread, each with its own dγ, dβ; then their sum.
    split_rows(rows_, threads_, [&](int64_t lo, int64_t hi, int t) {
      RowNormBwdArgs b = a;
      const size_t off = size_t(lo) * size_t(d_) * es;
      b.rows = hi - lo, b.threads = 1;
      b.x = static_cast<const char*>(a.x) + off, b.dy = static_cast<const char*>(a.dy) + off;
      b.dx = static_cast<char*>(a.dx) + off;
      b.mean = a.mean ? a.mean + lo : nullptr, b.rstd = a.rstd + lo;
      b.dgamma = partial_.data() + size_t(t) * 2 * size_t(d_);
      b.dbeta = a.dbeta ? b.dgamma + d_ : nullptr;
      kernel(b);
    });
    for (int64_t j = 0; j < d_; ++j) {
      float g = 0, b = 0;
      for (int t = 0; t < blocks; ++t)
        g += partial_[size_t(t) * 2 * size_t(d_) + size_t(j)],
            b += partial_[(size_t(t) * 2 + 1) * size_t(d_) + size_t(j)];
      dgamma_[size_t(j)] = g, dbeta_[size_t(j)] = b;
    }
  }

  CheckResult check(const Variant& v) override {
    if (ref_dx_.empty()) reference();
    dx_.poison();
    std::fill(dgamma_.begin(), dgamma_.end(), std::nanf(""));
    std::fill(dbeta_.begin(), dbeta_.end(), std::nanf(""));
    run(v);
    const double tol_dx = case_tolerance(v, input_, f32_tolerance(d_));
    // dγ, dβ: sums over the rows of terms that are themselves f32 results.
    const double tol_param = case_tolerance(v, input_, f32_tolerance(rows_) + f32_tolerance(d_));
    // dx cancels down from terms of size s·|dy·γ| (to ~ε/σ² of them for small d): errors
    // are relative to that scale.
    CheckResult r = check_tensor("dx", dx_, ref_dx_.data(), tol_dx, dx_scale_.data());
    r = worse(r, check_floats("dgamma", dgamma_.data(), ref_dgamma_.data(), 1, d_, tol_param));
    if (spec_.centred()) r = worse(r, check_floats("dbeta", dbeta_.data(), ref_dbeta_.data(), 1, d_, tol_param));
    return r;
  }

 private:
  void reference() {
    ref_dx_.resize(x_.count());
    ref_dgamma_.assign(size_t(d_), 0.0), ref_dbeta_.assign(size_t(d_), 0.0);
    std::vector<double> x(static_cast<size_t>(d_)), dy(static_cast<size_t>(d_));
    for (int64_t r = 0; r < rows_; ++r) {
      x_.get_row(r, x.data()), dy_.get_row(r, dy.data());
      double g2 = 0;
      for (int64_t j = 0; j < d_; ++j) g2 += (dy[size_t(j)] * gamma_[size_t(j)]) * (dy[size_t(j)] * gamma_[size_t(j)]);
      dx_scale_.push_back(inv_scale_[size_t(r)] * std::sqrt(g2 / double(d_)));
      backward_reference(spec_.kind, x.data(), dy.data(), gamma_.data(), d_, mean_[size_t(r)], inv_scale_[size_t(r)],
                         ref_dx_.data() + size_t(r) * size_t(d_), ref_dgamma_.data(),
                         spec_.centred() ? ref_dbeta_.data() : nullptr);
    }
  }

  const RowBwdSpec& spec_;
  std::string input_;
  int threads_;
  int64_t rows_, d_;
  Tensor x_, dy_, dx_;
  std::vector<float> gamma_, mean_, inv_scale_, dgamma_, dbeta_, partial_;
  std::vector<double> ref_dx_, ref_dgamma_, ref_dbeta_, dx_scale_;
};

}  // namespace

FamilyInfo bwd_family(std::string_view name, std::string_view description, const RowBwdSpec& spec,
                      std::vector<Variant> variants) {
  return FamilyInfo{
      name,
      description,
      rows_schema({"f32", "bf16"}),
      std::move(variants),
      [&spec](const Problem& p) { return bwd_work(spec, p); },
      input_kinds(),
      row_test_problems({"f32", "bf16"}, /*min_d=*/1, /*big=*/false),
      [&spec](const Problem& p, const std::string& input, uint64_t seed, int threads) -> std::unique_ptr<Case> {
        return std::make_unique<BwdCase>(spec, p, input, seed, threads);
      },
  };
}

}  // namespace hotops::norm
