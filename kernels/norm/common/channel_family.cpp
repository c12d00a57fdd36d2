#include "norm/common/channel_family.h"

#include <cmath>

namespace hotops::norm {
namespace {

class ChannelFamily final : public NormFamily {
 public:
  ChannelFamily(ChannelSpec spec, std::vector<Variant> variants)
      : NormFamily(spec.name, spec.description, spec.schema, spec.test_problems, std::move(variants)),
        spec_(std::move(spec)) {}

  // One fused multiply-add per element (plus Σx² when training) and a square root and a
  // division per column; x, y and the per-column parameters and statistics move once.
  Work work(const Problem& p) const override {
    const double rows = double(p.dim("rows")), d = double(p.dim("d")), e = rows * d;
    const double es = dtype_bits(p.dtype()) / 8.0;
    const double vectors = 3 + (spec_.uses_mean(p) ? 1 : 0);  // γ, β, var (, mean)
    Work w;
    w.elements = e, w.f32 = (spec_.train ? 4 : 2) * e, w.sqrt = d, w.div = d;
    w.bytes_read = es * e + 4 * vectors * d, w.bytes_written = es * e + (spec_.train ? 4 * d : 0);
    return w;
  }

  std::vector<Operand> operands(const Problem& p, const Context& ctx) const override {
    const int64_t rows = p.dim("rows"), d = p.dim("d");
    const int blocks = row_blocks(rows, ctx.threads);
    std::vector<Operand> ops = {{"x", p.dtype(), {rows, d}},
                                {"y", p.dtype(), {rows, d}, Access::out},
                                {"gamma", DType::f32, {d}},
                                {"beta", DType::f32, {d}},
                                {"var", DType::f32, {d}},
                                {"scratch", DType::f32, {blocks, 3, d}, Access::scratch}};  // a, b and Σx² per block
    if (spec_.uses_mean(p)) ops.push_back({"mean", DType::f32, {d}});
    if (spec_.train) ops.push_back({"new_var", DType::f32, {d}, Access::out});
    if (spec_.train && blocks > 1) ops.push_back({"partial", DType::f32, {blocks, d}, Access::scratch});
    return ops;
  }

  void fill(Case& c) const override {
    Tensor& x = c.tensor("x");
    x.set(make_input(c.input(), x.rows(), x.width(), c.seed()));
    fill_uniform(c.tensor("gamma"), 0.5, 1.5, c.seed() + 1);
    fill_uniform(c.tensor("beta"), -0.5, 0.5, c.seed() + 2);
    if (spec_.uses_mean(c.problem())) fill_uniform(c.tensor("mean"), -1, 1, c.seed() + 3);
    fill_uniform(c.tensor("var"), 0.5, 2, c.seed() + 4);
  }

  std::vector<Expected> reference(const Case& c) const override {
    const Tensor& x = c.tensor("x");
    const int64_t rows = x.rows(), d = x.width();
    const bool has_mean = spec_.uses_mean(c.problem());
    const Tensor &g = c.tensor("gamma"), &b = c.tensor("beta"), &var = c.tensor("var");
    Expected y = expect("y", x.count(), f32_tolerance(d));
    std::vector<double> sumsq(static_cast<size_t>(d), 0.0);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < d; ++j) {
        const double v = x.at(size_t(r * d + j)), mu = has_mean ? c.tensor("mean").at(size_t(j)) : 0.0;
        y.values[size_t(r * d + j)] = g.at(size_t(j)) * (v - mu) / std::sqrt(var.at(size_t(j)) + kEps) + b.at(size_t(j));
        sumsq[size_t(j)] += v * v;
      }
    if (!spec_.train) return {y};
    Expected new_var = expect("new_var", size_t(d), f32_tolerance(rows));
    for (int64_t j = 0; j < d; ++j)
      new_var.values[size_t(j)] =
          double(kMomentum) * var.at(size_t(j)) + (1 - double(kMomentum)) * sumsq[size_t(j)] / double(rows);
    return {y, new_var};
  }

  void run(const Variant& v, Case& c) const override {
    const ChannelNormArgs a{input_rows(c),
                            c.ptr<void>("y"),
                            c.ptr<const float>("gamma"),
                            c.ptr<const float>("beta"),
                            spec_.uses_mean(c.problem()) ? c.ptr<const float>("mean") : nullptr,
                            c.ptr<const float>("var"),
                            kEps,
                            spec_.train ? c.ptr<float>("new_var") : nullptr,
                            kMomentum,
                            c.ptr<float>("scratch"),
                            c.context().threads};
    float* partial = spec_.train && row_blocks(a.rows, a.threads) > 1 ? c.ptr<float>("partial") : nullptr;
    const int blocks = run_rows(v, a, [&](ChannelNormArgs& b, int64_t lo, int t) {
      b.y = row_at(a.y, lo, a);
      b.scratch = a.scratch + t * 3 * a.d;
      if (partial) b.new_var = partial + t * a.d;
    });
    if (partial && blocks > 1) merge_updates(partial, blocks, a);
  }

 private:
  // Each block's update is α·ψ² + (1 − α)·(its Σx²)/(its rows): the update of all rows
  // weights them by their rows.
  static void merge_updates(const float* partial, int blocks, const ChannelNormArgs& a) {
    for (int64_t j = 0; j < a.d; ++j) {
      double s = 0;
      for (int t = 0; t < blocks; ++t)
        s += double(a.rows * (t + 1) / blocks - a.rows * t / blocks) / double(a.rows) * partial[t * a.d + j];
      a.new_var[j] = float(s);
    }
  }

  ChannelSpec spec_;
};

}  // namespace

std::unique_ptr<Family> channel_norm_family(ChannelSpec spec, std::vector<Variant> variants) {
  return std::make_unique<ChannelFamily>(std::move(spec), std::move(variants));
}

}  // namespace hotops::norm
