// Softmax family: problem schema, work model, inputs, fp64 reference, tolerance.
#include <cmath>
#include <limits>

#include "core/buffer.h"
#include "core/check.h"
#include "core/family.h"
#include "core/isa.h"
#include "core/random.h"
#include "softmax/softmax.h"

namespace hotops {
namespace softmax {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Bytes per element moved by each algorithm when a row streams from memory
// (KERNELS.md §1 table); the family minimum is one read and one write.
Work passes(const Work& min, double reads, double writes) {
  Work w = min;
  w.bytes_read = min.bytes_read * reads;
  w.bytes_written = min.bytes_written * writes;
  return w;
}
Work recompute_traffic(const Problem&, const Work& m) { return passes(m, 3, 1); }
Work reload_traffic(const Problem&, const Work& m) { return passes(m, 3, 2); }
Work two_pass_traffic(const Problem&, const Work& m) { return passes(m, 2, 1); }

auto traffic_of(std::string_view name) -> Work (*)(const Problem&, const Work&) {
  if (name.starts_with("three_pass_recompute")) return recompute_traffic;
  if (name.starts_with("three_pass_reload")) return reload_traffic;
  if (name.starts_with("two_pass") || name.starts_with("online")) return two_pass_traffic;
  return nullptr;  // peers: unknown algorithm, family minimum
}

std::vector<Variant> make_variants() {
  std::vector<Variant> v;
#define HOTOPS_SOFTMAX(name, req, paper) \
  v.push_back(Variant{"softmax", #name, req, paper, reinterpret_cast<AnyKernel>(&name), traffic_of(#name)});
#include "softmax/variants.inc"
#undef HOTOPS_SOFTMAX
  return v;
}

// fp64 reference: three passes in double.
void reference(const float* x, double* r, int64_t rows, int64_t n) {
  for (int64_t i = 0; i < rows; ++i) {
    const float* xi = x + i * n;
    double* ri = r + i * n;
    double m = -kInf;
    for (int64_t j = 0; j < n; ++j) m = std::max(m, double(xi[j]));
    double s = 0;
    for (int64_t j = 0; j < n; ++j) s += (ri[j] = std::exp(double(xi[j]) - m));
    for (int64_t j = 0; j < n; ++j) ri[j] /= s;
  }
}

// Error budget: a few ulps for exp and the scale; the random rounding of an n-term
// f32 sum (grows like √n); and the terms an f32 accumulator drops once they fall below
// half its ulp, which grows like n / lanes. oneDNN (8 lanes) reaches 7e-4 and XNNPACK
// (4 lanes) 1.4e-3 at n = 10^7 on the neg_inf input; the budget there is 3.6e-3.
double tolerance(int64_t n) { return 4e-6 + 2e-7 * std::sqrt(double(n)) + 3e-10 * double(n); }

void fill(float* x, int64_t rows, int64_t n, const std::string& input, uint64_t seed) {
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

class SoftmaxCase final : public Case {
 public:
  SoftmaxCase(const Problem& p, const std::string& input, uint64_t seed, int threads)
      : rows_(p.dim("rows")), n_(p.dim("n")), threads_(threads), x_(size_t(rows_ * n_)), y_(size_t(rows_ * n_)) {
    fill(x_.data(), rows_, n_, input, seed);
    for (float& v : y_) v = 0.0f;  // touch the pages before timing
  }
  size_t footprint_bytes() const override { return x_.bytes() + y_.bytes(); }

  void run(const Variant& v) override {
    auto kernel = reinterpret_cast<void (*)(const SoftmaxArgs&)>(v.kernel);
    if (v.is_peer() || threads_ <= 1 || rows_ < threads_) {
      kernel({rows_, n_, x_.data(), y_.data(), threads_});
      return;
    }
    // Own kernels are single-threaded: split the rows into one block per thread.
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int t = 0; t < threads_; ++t) {
      const int64_t lo = rows_ * t / threads_, hi = rows_ * (t + 1) / threads_;
      kernel({hi - lo, n_, x_.data() + lo * n_, y_.data() + lo * n_, 1});
    }
  }

  CheckResult check(const Variant& v) override {
    if (ref_.size() == 0) {
      ref_ = Buffer<double>(size_t(rows_ * n_));
      reference(x_.data(), ref_.data(), rows_, n_);
    }
    for (float& y : y_) y = std::numeric_limits<float>::quiet_NaN();  // a kernel must write every output
    run(v);
    // Probabilities below 1e-30 count as zero (flushing denormals is allowed).
    return compare_to_reference(y_.data(), ref_.data(), y_.size(), tolerance(n_), 1e-30);
  }

 private:
  int64_t rows_, n_;
  int threads_;
  Buffer<float> x_, y_;
  Buffer<double> ref_;
};

class SoftmaxFamily final : public Family {
 public:
  std::string_view name() const override { return "softmax"; }
  std::string_view description() const override {
    return "row softmax, f32: three-pass (recompute/reload), two-pass (2001.04438), online (1805.02867)";
  }
  const ProblemSchema& schema() const override {
    static const ProblemSchema s{{{"rows", 1}, {"n", -1}}, {{"dtype", {"f32"}}}};
    return s;
  }
  const std::vector<Variant>& variants() const override {
    static const std::vector<Variant> v = make_variants();
    return v;
  }
  Work work(const Problem& p) const override {
    const double e = double(p.dim("rows")) * double(p.dim("n"));
    // max, subtract, accumulate, scale per element; one exp.
    return Work{e, 4 * e, e, 4 * e, 4 * e};
  }
  std::vector<std::string> inputs() const override {
    return {"uniform", "narrow", "equal", "huge_pos", "huge_neg", "neg_inf"};
  }
  std::vector<std::string> test_problems() const override {
    return {"rows=1,n=1",    "rows=3,n=1",     "rows=1,n=2",     "rows=2,n=7",   "rows=5,n=15",
            "rows=3,n=16",   "rows=2,n=17",    "rows=3,n=33",    "rows=2,n=63",  "rows=2,n=65",
            "rows=4,n=127",  "rows=7,n=1000",  "rows=3,n=1023",  "rows=1,n=4099", "rows=64,n=257",
            "rows=1,n=100003",
            // larger than a 32 MiB last-level cache
            "rows=1,n=10000019"};
  }
  std::unique_ptr<Case> make_case(const Problem& p, const std::string& input, uint64_t seed,
                                  int threads) const override {
    return std::make_unique<SoftmaxCase>(p, input, seed, threads);
  }
};

}  // namespace
}  // namespace softmax

const Family& softmax_family() {
  static const softmax::SoftmaxFamily f;
  return f;
}

}  // namespace hotops
