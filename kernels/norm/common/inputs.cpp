#include "norm/common/inputs.h"

#include <cmath>

#include "core/problem.h"
#include "core/random.h"

namespace hotops::norm {

const std::vector<std::string>& input_kinds() {
  static const std::vector<std::string> k = {"normal", "offset", "constant", "spiky"};
  return k;
}

std::vector<double> make_input(const std::string& kind, int64_t rows, int64_t width, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> v(size_t(rows) * size_t(width));
  for (int64_t r = 0; r < rows; ++r) {
    double* x = v.data() + size_t(r) * size_t(width);
    if (kind == "normal") {
      const double center = rng.uniform(-1, 1), spread = rng.uniform(0.5, 2);
      for (int64_t j = 0; j < width; ++j) x[j] = center + spread * rng.uniform(-1, 1);
    } else if (kind == "offset") {
      const double center = r % 2 ? -1e4 : 1e4;
      for (int64_t j = 0; j < width; ++j) x[j] = center + rng.uniform(-1, 1);
    } else if (kind == "constant") {
      const double c = r % 3 == 0 ? 0.0 : rng.uniform(-3, 3);
      for (int64_t j = 0; j < width; ++j) x[j] = c;
    } else if (kind == "spiky") {
      for (int64_t j = 0; j < width; ++j) x[j] = rng.below(16) == 0 ? (rng.below(2) ? 1e3 : -1e3) : rng.uniform(-1, 1);
    } else {
      throw ProblemError("the norm families have no input kind '" + kind +
                         "' (known: normal, offset, constant, spiky)");
    }
  }
  return v;
}

void fill_uniform(Tensor& t, double lo, double hi, uint64_t seed) {
  Rng rng(seed);
  for (size_t i = 0; i < t.count(); ++i) t.put(i, rng.uniform(lo, hi));
}

double int8_scale(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::fabs(x));
  return m > 0 ? m / 127.0 : 1.0;
}

}  // namespace hotops::norm
