#include "norm/common/row_family.h"

namespace hotops::norm {

RowNormFamily::RowNormFamily(RowNormSpec spec, std::vector<Variant> variants)
    : NormFamily(spec.name, spec.description, rows_schema(spec.dtypes, spec.compressed ? 2 : 1),
                 row_test_problems(spec.dtypes, spec.compressed ? 2 : 1), std::move(variants)),
      spec_(std::move(spec)) {}

// The flops per element, the per-feature vectors read once, one division per row (and a
// square root for the L2 norms); x read and y written once.
Work RowNormFamily::work(const Problem& p) const {
  const double rows = double(p.dim("rows")), w = double(width(p)), e = rows * w;
  const double es = dtype_bits(p.dtype()) / 8.0;
  Work k;
  k.elements = e, k.f32 = spec_.flops_per_element * e, k.div = rows, k.sqrt = spec_.sqrt ? rows : 0;
  k.bytes_read = es * e + 4.0 * spec_.params * w, k.bytes_written = es * e;
  return k;
}

std::vector<Operand> RowNormFamily::operands(const Problem& p, const Context&) const {
  const int64_t w = width(p);
  std::vector<Operand> ops = {{"x", p.dtype(), {p.dim("rows"), w}, Access::in},
                              {"y", p.dtype(), {p.dim("rows"), w}, Access::out},
                              {"gamma", DType::f32, {w}, Access::in}};
  if (spec_.has_beta) ops.push_back({"beta", DType::f32, {w}, Access::in});
  return ops;
}

void RowNormFamily::fill(Case& c) const {
  Tensor& x = c.tensor("x");
  const std::vector<double> v = make_input(c.input(), x.rows(), x.width(), c.seed());
  c.scalar("x_scale") = x.dtype() == DType::int8 ? int8_scale(v) : 1.0;
  x.set(v, c.scalar("x_scale"));
  fill_uniform(c.tensor("gamma"), 0.5, 1.5, c.seed() + 1);
  if (spec_.has_beta) fill_uniform(c.tensor("beta"), -0.5, 0.5, c.seed() + 2);
}

// f32 compute error (bf16: on top of the storage rounding), relative to the row's rms; int8
// in LSB beyond correct rounding.
std::vector<Expected> RowNormFamily::reference(const Case& c) const {
  const Tensor& x = c.tensor("x");
  const int64_t w = x.width();
  Expected e = expect("y", x.count(), x.dtype() == DType::int8 ? kInt8Tol : f32_tolerance(c.problem().dim("d")));
  const RowRef r{w,
                 c.problem().dim("d"),
                 x.dtype(),
                 c.tensor("gamma").host_as<float>(),
                 spec_.has_beta ? c.tensor("beta").host_as<float>() : nullptr,
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

void RowNormFamily::run(const Variant& v, Case& c) const {
  const auto kernel = v.kernel<RowNormArgs>();
  const Tensor& x = c.tensor("x");
  const RowNormArgs a{x.rows(),
                      x.width(),
                      x.dtype(),
                      c.ptr<const void>("x"),
                      c.ptr<void>("y"),
                      c.ptr<const float>("gamma"),
                      spec_.has_beta ? c.ptr<const float>("beta") : nullptr,
                      kEps,
                      float(c.scalar("x_scale")),
                      float(kOutScale),
                      c.context().threads};
  if (!v.is_own()) return kernel(a);
  run_blocks(kernel, a, a.threads, [&](RowNormArgs& b, int64_t lo, int) {
    b.x = element(a.x, lo * a.d, a.dtype), b.y = element(a.y, lo * a.d, a.dtype);
  });
}

}  // namespace hotops::norm
