#include "norm/common/channel_case.h"

#include <cmath>
#include <vector>

#include "norm/common/check.h"
#include "norm/common/inputs.h"
#include "norm/common/row_case.h"
#include "norm/common/tensor.h"
#include "norm/common/threads.h"

namespace hotops::norm {
namespace {

// One fused multiply-add per element (plus Σx² when training); x, y and the per-column
// parameters and statistics move once.
Work channel_work(const ChannelSpec& spec, const Problem& p) {
  const double rows = double(p.dim("rows")), d = double(p.dim("d")), e = rows * d;
  const double es = double(dtype_size(dtype_of(p)));
  const double vectors = 3 + (spec.uses_mean(p) ? 1 : 0);  // γ, β, var (, mean)
  return Work{e, (spec.train ? 4 : 2) * e, d, es * e + 4 * vectors * d, es * e + (spec.train ? 4 * d : 0)};
}

class ChannelCase final : public Case {
 public:
  ChannelCase(const ChannelSpec& spec, const Problem& p, const std::string& input, uint64_t seed, int threads)
      : spec_(spec), input_(input), threads_(threads) {
    const DType t = dtype_of(p);
    rows_ = p.dim("rows"), d_ = p.dim("d");
    x_ = Tensor(t, rows_, d_), y_ = Tensor(t, rows_, d_);
    x_.set(make_input(input, rows_, d_, seed).data());
    gamma_ = make_params(d_, 0.5, 1.5, seed + 1);
    beta_ = make_params(d_, -0.5, 0.5, seed + 2);
    if (spec.uses_mean(p)) mean_ = make_params(d_, -1, 1, seed + 3);
    var_ = make_params(d_, 0.5, 2, seed + 4);
    blocks_ = threads > 1 && rows_ >= threads ? threads : 1;
    scratch_.resize(size_t(blocks_) * 3 * size_t(d_));
    if (spec.train) new_var_.resize(size_t(d_)), partial_.resize(size_t(blocks_) * size_t(d_));
  }

  size_t footprint_bytes() const override { return x_.bytes() + y_.bytes() + 24 * size_t(d_); }

  void run(const Variant& v) override {
    auto kernel = reinterpret_cast<ChannelNormKernel>(v.kernel);
    const ChannelNormArgs a{rows_,
                            d_,
                            x_.dtype(),
                            x_.data(),
                            y_.data(),
                            gamma_.data(),
                            beta_.data(),
                            mean_.empty() ? nullptr : mean_.data(),
                            var_.data(),
                            kEps,
                            spec_.train ? new_var_.data() : nullptr,
                            kMomentum,
                            scratch_.data(),
                            threads_};
    if (v.is_peer() || blocks_ == 1) return kernel(a);
    const size_t es = dtype_size(x_.dtype());
    split_rows(rows_, threads_, [&](int64_t lo, int64_t hi, int t) {
      ChannelNormArgs b = a;
      b.rows = hi - lo, b.threads = 1;
      b.x = static_cast<const char*>(a.x) + size_t(lo) * size_t(d_) * es;
      b.y = static_cast<char*>(a.y) + size_t(lo) * size_t(d_) * es;
      b.scratch = scratch_.data() + size_t(t) * 3 * size_t(d_);
      if (spec_.train) b.new_var = partial_.data() + size_t(t) * size_t(d_);
      kernel(b);
    });
    // Each block's update is α·ψ² + (1 − α)·(its Σx²)/(its rows): weight them by their rows.
    if (spec_.train)
      for (int64_t j = 0; j < d_; ++j) {
        double s = 0;
        for (int t = 0; t < blocks_; ++t) {
          const double w = double(rows_ * (t + 1) / blocks_ - rows_ * t / blocks_) / double(rows_);
          s += w * partial_[size_t(t) * size_t(d_) + size_t(j)];
        }
        new_var_[size_t(j)] = float(s);
      }
  }

  CheckResult check(const Variant& v) override {
    if (ref_y_.empty()) reference();
    y_.poison();
    std::fill(new_var_.begin(), new_var_.end(), std::nanf(""));
    run(v);
    CheckResult r = check_tensor("y", y_, ref_y_.data(), case_tolerance(v, input_, f32_tolerance(d_)));
    if (spec_.train)
      r = worse(r, check_floats("new_var", new_var_.data(), ref_var_.data(), 1, d_,
                                case_tolerance(v, input_, f32_tolerance(rows_))));
    return r;
  }

 private:
  void reference() {
    ref_y_.resize(x_.count());
    std::vector<double> x(static_cast<size_t>(d_)), sumsq(static_cast<size_t>(d_), 0.0);
    for (int64_t r = 0; r < rows_; ++r) {
      x_.get_row(r, x.data());
      for (int64_t j = 0; j < d_; ++j) {
        const size_t c = size_t(j);
        const double mu = mean_.empty() ? 0.0 : mean_[c];
        ref_y_[size_t(r) * size_t(d_) + c] = gamma_[c] * (x[c] - mu) / std::sqrt(double(var_[c]) + kEps) + beta_[c];
        sumsq[c] += x[c] * x[c];
      }
    }
    if (spec_.train)
      for (int64_t j = 0; j < d_; ++j)
        ref_var_.push_back(double(kMomentum) * var_[size_t(j)] +
                           (1 - double(kMomentum)) * sumsq[size_t(j)] / double(rows_));
  }

  const ChannelSpec& spec_;
  std::string input_;
  int threads_, blocks_;
  int64_t rows_, d_;
  Tensor x_, y_;
  std::vector<float> gamma_, beta_, mean_, var_, new_var_, scratch_, partial_;
  std::vector<double> ref_y_, ref_var_;
};

}  // namespace

FamilyInfo channel_family(std::string_view name, std::string_view description, ProblemSchema schema,
                          std::vector<std::string> test_problems, const ChannelSpec& spec,
                          std::vector<Variant> variants) {
  return FamilyInfo{
      name,
      description,
      std::move(schema),
      std::move(variants),
      [&spec](const Problem& p) { return channel_work(spec, p); },
      input_kinds(),
      std::move(test_problems),
      [&spec](const Problem& p, const std::string& input, uint64_t seed, int threads) -> std::unique_ptr<Case> {
        return std::make_unique<ChannelCase>(spec, p, input, seed, threads);
      },
  };
}

}  // namespace hotops::norm
