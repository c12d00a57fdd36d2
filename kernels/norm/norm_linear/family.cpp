// norm_linear family: schema (rows, d, n), work model, operands with the folded weights made
// at "model load", fp64 reference of norm then Linear.
#include <cmath>

#include "norm/common/norm_family.h"
#include "norm/norm_linear/norm_linear.h"
#include "peers/isa.h"

namespace hotops::norm::norm_linear {
namespace {

// The unfolded pair also writes the normalized X and reads it back (and the norm's vectors).
Work unfolded_traffic(const Problem& p, const Work& m) {
  Work w = m;
  const double xd = 4.0 * double(p.dim("rows")) * double(p.dim("d"));
  w.bytes_read += xd + 16.0 * double(p.dim("d")), w.bytes_written += xd;
  return w;
}
size_t unfolded_workspace(const Problem& p) { return 4 * size_t(p.dim("rows") * p.dim("d") + 3 * p.dim("d")); }

class NormLinearFamily final : public NormFamily {
 public:
  explicit NormLinearFamily(std::vector<Variant> variants)
      : NormFamily("norm_linear",
                   "per-channel norm (BN/UN/PowerNorm inference) + Linear: unfolded vs folded into the weights "
                   "(2208.01313)",
                   ProblemSchema().integer("rows", 1).integer("d").integer("n").dtypes("dtype", {"f32"}),
                   {"rows=1,d=1,n=1", "rows=3,d=7,n=5", "rows=2,d=16,n=17", "rows=17,d=33,n=9", "rows=64,d=257,n=65",
                    "rows=5,d=1000,n=31", "rows=128,d=768,n=96"},
                   std::move(variants)) {}

  // The family minimum is the folded GEMM: 2·d flops per output plus the bias.
  Work work(const Problem& p) const override {
    const double rows = double(p.dim("rows")), d = double(p.dim("d")), n = double(p.dim("n"));
    Work w;
    w.elements = rows * n, w.f32 = 2 * rows * d * n + rows * n;
    w.bytes_read = 4 * (rows * d + d * n + n), w.bytes_written = 4 * rows * n;
    return w;
  }
  std::vector<Operand> operands(const Problem& p, const Context&) const override {
    const int64_t rows = p.dim("rows"), d = p.dim("d"), n = p.dim("n");
    return {{"x", DType::f32, {rows, d}},     {"gamma", DType::f32, {d}},
            {"beta", DType::f32, {d}},        {"mean", DType::f32, {d}},
            {"var", DType::f32, {d}},         {"w", DType::f32, {d, n}},
            {"bias", DType::f32, {n}},        {"w_folded", DType::f32, {d, n}},
            {"bias_folded", DType::f32, {n}}, {"y", DType::f32, {rows, n}, Access::out}};
  }
  void fill(Case& c) const override {
    Tensor& x = c.tensor("x");
    const int64_t d = x.width(), n = c.tensor("bias").count();
    x.set(make_input(c.input(), x.rows(), d, c.seed()));
    fill_uniform(c.tensor("gamma"), 0.5, 1.5, c.seed() + 1), fill_uniform(c.tensor("beta"), -0.5, 0.5, c.seed() + 2);
    fill_uniform(c.tensor("mean"), -1, 1, c.seed() + 3), fill_uniform(c.tensor("var"), 0.5, 2, c.seed() + 4);
    fill_uniform(c.tensor("w"), -1 / std::sqrt(double(d)), 1 / std::sqrt(double(d)), c.seed() + 5);
    fill_uniform(c.tensor("bias"), -0.1, 0.1, c.seed() + 6);
    fold(d, n, c.ptr<float>("gamma"), c.ptr<float>("beta"), c.ptr<float>("mean"), c.ptr<float>("var"), kEps,
         c.ptr<float>("w"), c.ptr<float>("bias"), c.ptr<float>("w_folded"), c.ptr<float>("bias_folded"));
  }
  // The unfolded computation in fp64. Tolerance: a GEMM's sum of d products per output, plus
  // the rounding of the folded weights.
  std::vector<Expected> reference(const Case& c) const override {
    const Tensor &x = c.tensor("x"), &w = c.tensor("w");
    const int64_t rows = x.rows(), d = x.width(), n = w.width();
    Expected y = expect("y", 0, 2 * f32_tolerance(d));
    std::vector<double> xn(static_cast<size_t>(d));
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t k = 0; k < d; ++k)
        xn[size_t(k)] = c.tensor("gamma").at(size_t(k)) * (x.at(size_t(i * d + k)) - c.tensor("mean").at(size_t(k))) /
                            std::sqrt(c.tensor("var").at(size_t(k)) + kEps) +
                        c.tensor("beta").at(size_t(k));
      for (int64_t j = 0; j < n; ++j) {
        double s = c.tensor("bias").at(size_t(j));
        for (int64_t k = 0; k < d; ++k) s += xn[size_t(k)] * w.at(size_t(k * n + j));
        y.values.push_back(s);
      }
    }
    return {y};
  }
  void run(const Variant& v, Case& c) const override {
    v.kernel<NormLinearArgs>()({c.problem().dim("rows"), c.problem().dim("d"), c.problem().dim("n"), c.ptr<float>("x"),
                                c.ptr<float>("gamma"), c.ptr<float>("beta"), c.ptr<float>("mean"), c.ptr<float>("var"),
                                kEps, c.ptr<float>("w"), c.ptr<float>("bias"), c.ptr<float>("w_folded"),
                                c.ptr<float>("bias_folded"), c.ptr<float>("y"), static_cast<float*>(c.workspace()),
                                c.context().threads});
  }
};

std::unique_ptr<Family> make_family(std::vector<Variant> variants) {
  return std::make_unique<NormLinearFamily>(std::move(variants));
}

}  // namespace
}  // namespace hotops::norm::norm_linear

HOTOPS_NORM_FAMILY(norm_linear, norm_linear::make_family) {
#define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(NormLinearArgs, __VA_ARGS__)
#include "norm/norm_linear/variants.inc"
#undef HOTOPS_VARIANT
}
