// Softmax family: problem schema, work model, operands, inputs, fp64 reference, tolerance.
#include <cmath>
#include <limits>

#include "core/define_family.h"
#include "core/family.h"
#include "core/random.h"
#include "core/threads.h"
#include "peers/isa.h"
#include "softmax/softmax.h"

namespace hotops::softmax {
namespace {

void fill_row_major(float* x, int64_t rows, int64_t n, const std::string& input, uint64_t seed) {
  Rng rng(seed);
  const size_t count = size_t(rows * n);
  if (input == "uniform") {  // the paper's benchmark inputs
    rng.fill_uniform(x, count, -1000.0, 1000.0);
  } else if (input == "narrow") {  // many comparable terms: exposes the sum's rounding
    rng.fill_uniform(x, count, -1.0, 1.0);
  } else if (input == "equal") {
    for (size_t i = 0; i < count; ++i) x[i] = 42.5f;
  } else if (input == "huge_pos") {  // naive exp overflows
    rng.fill_uniform(x, count, 1e5 - 50, 1e5 + 50);
  } else if (input == "huge_neg") {  // naive exp underflows to 0/0
    rng.fill_uniform(x, count, -1e5 - 50, -1e5 + 50);
  } else if (input == "neg_inf") {  // masked entries; every row keeps a finite one
    rng.fill_uniform(x, count, -10.0, 10.0);
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < n; ++j)
        if (j != i % n && rng.below(4) == 0) x[i * n + j] = -std::numeric_limits<float>::infinity();
  } else {
    throw ProblemError("softmax has no input kind '" + input + "'");
  }
}

class SoftmaxFamily final : public Family {
 public:
  explicit SoftmaxFamily(std::vector<Variant> variants)
      : Family({"softmax",
                "row softmax, f32: three-pass (recompute/reload), two-pass (2001.04438), online (1805.02867)",
                ProblemSchema().integer("rows", 1).integer("n").dtypes("dtype", {"f32"}),
                {"uniform", "narrow", "equal", "huge_pos", "huge_neg", "neg_inf"},
                {"rows=1,n=1", "rows=3,n=1", "rows=1,n=2", "rows=2,n=7", "rows=5,n=15", "rows=3,n=16", "rows=2,n=17",
                 "rows=3,n=33", "rows=2,n=63", "rows=2,n=65", "rows=4,n=127", "rows=7,n=1000", "rows=3,n=1023",
                 "rows=1,n=4099", "rows=64,n=257", "rows=1,n=100003",
                 "rows=1,n=10000019"}},  // the last is larger than a 32 MiB last-level cache
               std::move(variants)) {}

  Work work(const Problem& p) const override {
    const double e = double(p.dim("rows")) * double(p.dim("n"));
    Work w;  // max, subtract, accumulate, scale and one exp per element; x read, y written once
    w.elements = e, w.f32 = 4 * e, w.exp = e, w.bytes_read = 4 * e, w.bytes_written = 4 * e;
    return w;
  }
  std::vector<Operand> operands(const Problem& p, const Context&) const override {
    const std::vector<int64_t> shape = {p.dim("rows"), p.dim("n")};
    return {{"x", DType::f32, shape, Access::in}, {"y", DType::f32, shape, Access::out}};
  }
  void fill(Case& c) const override {
    Tensor& x = c.tensor("x");
    fill_row_major(x.host_as<float>(), x.rows(), x.width(), c.input(), c.seed());
  }
  // fp64 reference: three passes in double. Error budget: a few ulps for exp and the scale;
  // the random rounding of an n-term f32 sum (grows like √n); and the terms an f32
  // accumulator drops once they fall below half its ulp, which grows like n / lanes.
  // oneDNN (8 lanes) reaches 7e-4 and XNNPACK (4 lanes) 1.4e-3 at n = 10^7 on neg_inf; the
  // budget there is 3.6e-3. Probabilities below 1e-30 count as zero (denormals may flush).
  std::vector<Expected> reference(const Case& c) const override {
    const Tensor& x = c.tensor("x");
    const int64_t rows = x.rows(), n = x.width();
    Expected e;
    e.output = "y", e.values.resize(x.count()), e.tol = 4e-6 + 2e-7 * std::sqrt(double(n)) + 3e-10 * double(n);
    const float* xs = x.host_as<float>();
    for (int64_t i = 0; i < rows; ++i) {
      const float* xi = xs + i * n;
      double* ri = e.values.data() + i * n;
      double m = -std::numeric_limits<double>::infinity(), s = 0;
      for (int64_t j = 0; j < n; ++j) m = std::max(m, double(xi[j]));
      for (int64_t j = 0; j < n; ++j) s += (ri[j] = std::exp(double(xi[j]) - m));
      for (int64_t j = 0; j < n; ++j) ri[j] /= s;
    }
    return {e};
  }
  void run(const Variant& v, Case& c) const override {
    const auto kernel = v.kernel<SoftmaxArgs>();
    const int64_t rows = c.problem().dim("rows"), n = c.problem().dim("n");
    const float* x = c.ptr<float>("x");
    float* y = c.ptr<float>("y");
    const int threads = c.context().threads;
    if (!v.is_own() || v.device() != Device::cpu) return kernel({rows, n, x, y, threads, c.context().stream});
    split_rows(rows, threads, [&](int64_t lo, int64_t hi, int) { kernel({hi - lo, n, x + lo * n, y + lo * n, 1}); });
  }
};

}  // namespace
}  // namespace hotops::softmax

HOTOPS_DEFINE_FAMILY(softmax, SoftmaxFamily) {
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "softmax/variants.inc"
#undef HOTOPS_VARIANT
}
