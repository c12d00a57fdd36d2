#include "norm/common/row_case.h"

#include <algorithm>
#include <vector>

#include "norm/common/check.h"
#include "norm/common/inputs.h"
#include "norm/common/tensor.h"
#include "norm/common/threads.h"

namespace hotops::norm {
namespace {

// Work model of a rows × width forward: flops per element, `params` f32 vectors of width
// read once, one transcendental (sqrt or division) per row.
Work row_work(const Problem& p, int64_t width, double flops_per_element, int params) {
  const double rows = double(p.dim("rows")), e = rows * double(width);
  const double es = double(dtype_size(dtype_of(p)));
  return Work{e, flops_per_element * e, rows, es * e + 4.0 * params * double(width), es * e};
}

class RowCase final : public Case {
 public:
  RowCase(const RowNormSpec& spec, const Problem& p, const std::string& input, uint64_t seed, int threads)
      : spec_(spec), input_(input), threads_(threads) {
    const DType t = dtype_of(p);
    const int64_t rows = p.dim("rows");
    d_ = p.dim("d");
    const int64_t width = spec.compressed ? d_ - 1 : d_;
    std::vector<double> v = make_input(input, rows, width, seed);
    x_scale_ = t == DType::int8 ? int8_scale(v) : 1.0;
    x_ = Tensor(t, rows, width);
    x_.set(v.data(), x_scale_);
    y_ = Tensor(t, rows, width);
    gamma_ = make_params(width, 0.5, 1.5, seed + 1);
    if (spec.has_beta) beta_ = make_params(width, -0.5, 0.5, seed + 2);
  }

  size_t footprint_bytes() const override { return x_.bytes() + y_.bytes() + (gamma_.size() + beta_.size()) * 4; }

  void run(const Variant& v) override {
    auto kernel = reinterpret_cast<RowNormKernel>(v.kernel);
    const size_t es = dtype_size(x_.dtype());
    RowNormArgs a{x_.rows(),
                  x_.width(),
                  x_.dtype(),
                  x_.data(),
                  y_.data(),
                  gamma_.data(),
                  beta_.empty() ? nullptr : beta_.data(),
                  kEps,
                  float(x_scale_),
                  float(kOutScale),
                  threads_};
    if (v.is_peer()) return kernel(a);
    split_rows(a.rows, threads_, [&](int64_t lo, int64_t hi, int) {
      RowNormArgs b = a;
      b.rows = hi - lo;
      b.x = static_cast<const char*>(a.x) + size_t(lo) * size_t(a.d) * es;
      b.y = static_cast<char*>(a.y) + size_t(lo) * size_t(a.d) * es;
      b.threads = 1;
      kernel(b);
    });
  }

  CheckResult check(const Variant& v) override {
    if (ref_.empty()) reference();
    y_.poison();  // every output must be written
    run(v);
    // f32 compute error (bf16: on top of the storage rounding); int8 in LSB.
    const double tol = x_.dtype() == DType::int8 ? kInt8Tol : f32_tolerance(d_);
    return check_tensor("y", y_, ref_.data(), case_tolerance(v, input_, tol));
  }

 private:
  void reference() {
    std::vector<double> x(size_t(x_.width()));
    ref_.resize(x_.count());
    const RowRef r{x_.width(),   d_,       x_.dtype(),       gamma_.data(), beta_.empty() ? nullptr : beta_.data(),
                   double(kEps), x_scale_, double(kOutScale)};
    for (int64_t i = 0; i < x_.rows(); ++i) {
      x_.get_row(i, x.data());
      spec_.reference(r, x.data(), ref_.data() + size_t(i) * size_t(x_.width()));
    }
  }

  const RowNormSpec& spec_;
  std::string input_;
  int threads_;
  int64_t d_;
  double x_scale_;
  Tensor x_, y_;
  std::vector<float> gamma_, beta_;
  std::vector<double> ref_;
};

}  // namespace

FamilyInfo row_family(std::string_view name, std::string_view description, std::vector<std::string> dtypes,
                      const RowNormSpec& spec, std::vector<Variant> variants) {
  const int64_t min_d = spec.compressed ? 2 : 1;
  return FamilyInfo{
      name,
      description,
      rows_schema(dtypes, min_d),
      std::move(variants),
      [&spec](const Problem& p) {
        return row_work(p, spec.compressed ? p.dim("d") - 1 : p.dim("d"), spec.flops_per_element, spec.params);
      },
      input_kinds(),
      row_test_problems(dtypes, min_d),
      [&spec](const Problem& p, const std::string& input, uint64_t seed, int threads) -> std::unique_ptr<Case> {
        return std::make_unique<RowCase>(spec, p, input, seed, threads);
      },
  };
}

std::vector<std::string> row_test_problems(const std::vector<std::string>& dtypes, int64_t min_d, bool big) {
  struct Size {
    int64_t rows, d;
  };
  static const Size f32[] = {{3, 1},    {2, 2},    {3, 7},    {2, 8},     {2, 15},     {3, 16},
                             {2, 17},   {2, 33},   {3, 63},   {2, 65},    {2, 127},    {4, 768},
                             {64, 257}, {3, 1000}, {2, 4099}, {2, 16384}, {1, 100003}, {512, 8209}};
  static const Size bf16[] = {{3, 1}, {2, 2}, {2, 7}, {2, 17}, {2, 65}, {3, 1000}, {2, 4099}};
  static const Size int8[] = {{3, 1},  {2, 2},  {2, 7},    {2, 31},   {2, 33},
                              {2, 64}, {2, 65}, {3, 1000}, {2, 4099}, {1, 140001}};
  std::vector<std::string> out;
  auto add = [&](const auto& sizes, const std::string& t) {
    for (const Size& s : sizes)
      if (s.d >= min_d && (big || s.rows * s.d < 4000000))
        out.push_back("rows=" + std::to_string(s.rows) + ",d=" + std::to_string(s.d) +
                      (t == "f32" ? "" : ",dtype=" + t));
  };
  for (const std::string& t : dtypes) {
    if (t == "f32") add(f32, t);
    if (t == "bf16") add(bf16, t);
    if (t == "int8") add(int8, t);
  }
  return out;
}

double case_tolerance(const Variant& v, const std::string& input, double family_tol) {
  return v.is_peer() && input != input_kinds().front() ? std::max(family_tol, kPeerHostileTol) : family_tol;
}

}  // namespace hotops::norm
