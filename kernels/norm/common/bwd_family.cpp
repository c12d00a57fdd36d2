#include "norm/common/bwd_family.h"

#include <cmath>

#include "norm/common/bwd_reference.h"

namespace hotops::norm {
namespace {

class RowBwdFamily final : public NormFamily {
 public:
  RowBwdFamily(RowBwdSpec spec, std::vector<Variant> variants)
      : NormFamily(spec.name, spec.description, rows_schema({"f32", "bf16"}),
                   row_test_problems({"f32", "bf16"}, /*min_d=*/1, /*big=*/false), std::move(variants)),
        spec_(spec) {}

  // Read x, dy, γ, the saved statistics; write dx, dγ (and dβ).
  Work work(const Problem& p) const override {
    const double rows = double(p.dim("rows")), d = double(p.dim("d")), e = rows * d;
    const double es = dtype_bits(p.dtype()) / 8.0, vectors = spec_.centred() ? 2 : 1;
    Work w;
    w.elements = e, w.f32 = spec_.flops_per_element * e;
    w.bytes_read = 2 * es * e + 4 * d + 4 * vectors * rows, w.bytes_written = es * e + 4 * vectors * d;
    return w;
  }

  std::vector<Operand> operands(const Problem& p, const Context& ctx) const override {
    const int64_t rows = p.dim("rows"), d = p.dim("d");
    const DType t = p.dtype();
    std::vector<Operand> ops = {{"x", t, {rows, d}},
                                {"dy", t, {rows, d}},
                                {"gamma", DType::f32, {d}},
                                {"rstd", DType::f32, {rows}},
                                {"dx", t, {rows, d}, Access::out},
                                {"dgamma", DType::f32, {d}, Access::out}};
    if (spec_.centred()) {
      ops.push_back({"mean", DType::f32, {rows}});
      ops.push_back({"dbeta", DType::f32, {d}, Access::out});
    }
    // One dγ, dβ pair per block of rows; the blocks' sums are added after the kernels.
    if (const int blocks = row_blocks(rows, ctx.threads); blocks > 1)
      ops.push_back({"partial", DType::f32, {blocks, 2, d}, Access::scratch});
    return ops;
  }

  // dy is "normal" whatever the input kind; the saved statistics are the exact ones of the
  // stored x, rounded to f32 as a forward pass would keep them.
  void fill(Case& c) const override {
    Tensor& x = c.tensor("x");
    const int64_t rows = x.rows(), d = x.width();
    const std::vector<double> v = make_input(c.input(), rows, d, c.seed());
    x.set(v);
    c.tensor("dy").set(make_input("normal", rows, d, c.seed() + 3));
    fill_uniform(c.tensor("gamma"), 0.5, 1.5, c.seed() + 1);
    std::vector<double> row(static_cast<size_t>(d));
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t j = 0; j < d; ++j) row[size_t(j)] = x.at(size_t(r * d + j));
      double m, s;
      forward_stats(spec_.kind, row.data(), d, kEps, m, s);
      if (spec_.centred()) c.tensor("mean").put(size_t(r), m);
      c.tensor("rstd").put(size_t(r), s);
    }
  }

  // dx cancels down from terms of size s·|dy·γ| (to ~ε/σ² of them for small d): its errors are
  // relative to that scale. dγ, dβ are sums over the rows of terms that are f32 results.
  std::vector<Expected> reference(const Case& c) const override {
    const Tensor& x = c.tensor("x");
    const int64_t rows = x.rows(), d = x.width();
    const double tol_param = f32_tolerance(rows) + f32_tolerance(d);
    Expected dx = expect("dx", x.count(), f32_tolerance(d), Expected::Floor::row_scale);
    Expected dgamma = expect("dgamma", size_t(d), tol_param), dbeta = expect("dbeta", size_t(d), tol_param);
    const float* gamma = c.tensor("gamma").host_as<float>();
    std::vector<double> xr(static_cast<size_t>(d)), dy(static_cast<size_t>(d));
    for (int64_t r = 0; r < rows; ++r) {
      double g2 = 0;
      for (int64_t j = 0; j < d; ++j) {
        xr[size_t(j)] = x.at(size_t(r * d + j)), dy[size_t(j)] = c.tensor("dy").at(size_t(r * d + j));
        g2 += (dy[size_t(j)] * gamma[j]) * (dy[size_t(j)] * gamma[j]);
      }
      const double mean = spec_.centred() ? c.tensor("mean").at(size_t(r)) : 0.0, s = c.tensor("rstd").at(size_t(r));
      dx.row_scale.push_back(s * std::sqrt(g2 / double(d)));
      backward_reference(spec_.kind, xr.data(), dy.data(), gamma, d, mean, s, dx.values.data() + r * d,
                         dgamma.values.data(), spec_.centred() ? dbeta.values.data() : nullptr);
    }
    if (!spec_.centred()) return {dx, dgamma};
    return {dx, dgamma, dbeta};
  }

  void run(const Variant& v, Case& c) const override {
    const RowNormBwdArgs a{input_rows(c),
                           c.ptr<const void>("dy"),
                           c.ptr<void>("dx"),
                           c.ptr<const float>("gamma"),
                           spec_.centred() ? c.ptr<const float>("mean") : nullptr,
                           c.ptr<const float>("rstd"),
                           c.ptr<float>("dgamma"),
                           spec_.centred() ? c.ptr<float>("dbeta") : nullptr,
                           c.context().threads};
    float* partial = row_blocks(a.rows, a.threads) > 1 ? c.ptr<float>("partial") : nullptr;
    const int blocks = run_rows(v, a, [&](RowNormBwdArgs& b, int64_t lo, int t) {
      b.dy = row_at(a.dy, lo, a), b.dx = row_at(a.dx, lo, a);
      b.mean = a.mean ? a.mean + lo : nullptr, b.rstd = a.rstd + lo;
      b.dgamma = partial + t * 2 * a.d, b.dbeta = a.dbeta ? b.dgamma + a.d : nullptr;
    });
    if (blocks > 1) sum_blocks(partial, blocks, a);
  }

 private:
  // dγ (and dβ) of all rows: the sum of the blocks' (dγ, dβ) pairs in `partial`.
  static void sum_blocks(const float* partial, int blocks, const RowNormBwdArgs& a) {
    for (int64_t j = 0; j < a.d; ++j) {
      float g = 0, b = 0;
      for (int t = 0; t < blocks; ++t) g += partial[(2 * t) * a.d + j], b += partial[(2 * t + 1) * a.d + j];
      a.dgamma[j] = g;
      if (a.dbeta) a.dbeta[j] = b;
    }
  }

  RowBwdSpec spec_;
};

}  // namespace

std::unique_ptr<Family> bwd_norm_family(RowBwdSpec spec, std::vector<Variant> variants) {
  return std::make_unique<RowBwdFamily>(std::move(spec), std::move(variants));
}

}  // namespace hotops::norm
