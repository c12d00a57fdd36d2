#include "norm/common/row_family.h"

namespace hotops::norm {
namespace {

class RowNormFamily final : public NormFamily {
 public:
  RowNormFamily(RowNormSpec spec, std::vector<Variant> variants)
      : NormFamily(spec.name, spec.description, rows_schema(spec.dtypes, min_d(spec)),
                   row_test_problems(spec.dtypes, min_d(spec)), std::move(variants)),
        spec_(std::move(spec)) {}

  // The flops per element, the per-feature vectors read once, one division per row (and a
  // square root for the L2 norms); x read and y written once.
  Work work(const Problem& p) const override {
    const double rows = double(p.dim("rows")), w = double(width(p)), e = rows * w;
    const double es = dtype_bits(p.dtype()) / 8.0;
    Work k;
    k.elements = e, k.f32 = spec_.flops_per_element * e, k.div = rows, k.sqrt = spec_.has(RowNormSpec::kSqrt) ? rows : 0;
    k.bytes_read = es * e + 4.0 * (spec_.has(RowNormSpec::kShift) ? 2 : 1) * w, k.bytes_written = es * e;
    return k;
  }

  std::vector<Operand> operands(const Problem& p, const Context&) const override {
    const int64_t w = width(p);
    std::vector<Operand> ops = {{"x", p.dtype(), {p.dim("rows"), w}, Access::in},
                                {"y", p.dtype(), {p.dim("rows"), w}, Access::out},
                                {"gamma", DType::f32, {w}, Access::in}};
    if (shift()) ops.push_back({"beta", DType::f32, {w}, Access::in});
    return ops;
  }

  void fill(Case& c) const override {
    Tensor& x = c.tensor("x");
    const std::vector<double> v = make_input(c.input(), x.rows(), x.width(), c.seed());
    c.scalar("x_scale") = x.dtype() == DType::int8 ? int8_scale(v) : 1.0;
    x.set(v, c.scalar("x_scale"));
    fill_uniform(c.tensor("gamma"), 0.5, 1.5, c.seed() + 1);
    if (shift()) fill_uniform(c.tensor("beta"), -0.5, 0.5, c.seed() + 2);
  }

  // f32 compute error (bf16: on top of the storage rounding), relative to the row's rms; int8
  // in LSB beyond correct rounding.
  std::vector<Expected> reference(const Case& c) const override {
    const Tensor& x = c.tensor("x");
    const int64_t w = x.width();
    Expected e = expect("y", x.count(), x.dtype() == DType::int8 ? kInt8Tol : f32_tolerance(c.problem().dim("d")));
    const RowRef r{w,
                   c.problem().dim("d"),
                   x.dtype(),
                   c.tensor("gamma").host_as<float>(),
                   shift() ? c.tensor("beta").host_as<float>() : nullptr,
                   kEps,
                   c.scalar("x_scale"),
                   kOutScale};
    std::vector<double> row(static_cast<size_t>(w));
    for (int64_t i = 0; i < x.rows(); ++i) {
      for (int64_t j = 0; j < w; ++j) row[size_t(j)] = x.at(size_t(i * w + j));
      spec_.reference(r, row.data(), e.values.data() + i * w);
    }
    return {e};
  }

  void run(const Variant& v, Case& c) const override {
    const RowNormArgs a{input_rows(c),
                        c.ptr<void>("y"),
                        c.ptr<const float>("gamma"),
                        shift() ? c.ptr<const float>("beta") : nullptr,
                        kEps,
                        float(c.scalar("x_scale")),
                        float(kOutScale),
                        c.context().threads};
    run_rows(v, a, [&](RowNormArgs& b, int64_t lo, int) {
      b.y = row_at(a.y, lo, a);
    });
  }

 private:
  static int64_t min_d(const RowNormSpec& s) { return s.has(RowNormSpec::kCompressed) ? 2 : 1; }
  bool shift() const { return spec_.has(RowNormSpec::kShift); }
  bool compressed() const { return spec_.has(RowNormSpec::kCompressed); }
  int64_t width(const Problem& p) const { return compressed() ? p.dim("d") - 1 : p.dim("d"); }
  RowNormSpec spec_;
};

}  // namespace

std::unique_ptr<Family> row_norm_family(RowNormSpec spec, std::vector<Variant> variants) {
  return std::make_unique<RowNormFamily>(std::move(spec), std::move(variants));
}

}  // namespace hotops::norm
