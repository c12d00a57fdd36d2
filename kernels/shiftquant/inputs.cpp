#include "shiftquant/inputs.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/problem.h"
#include "shiftquant/quantize.h"

namespace hotops::shiftquant {
namespace {

// A reproducible coin per (a, b): the same run is chosen whatever the fill order.
uint32_t coin(uint64_t seed, int64_t a, int64_t b) { return fmix32(sr_key(seed, uint32_t(a)) ^ fmix32(uint32_t(b) + 7u)); }

}  // namespace

void fill_input(float* x, int64_t rows, int64_t cols, const std::string& input, int64_t group, uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const size_t count = size_t(rows * cols);
  for (size_t i = 0; i < count; ++i) x[i] = normal(gen);
  const int64_t g = std::max<int64_t>(group, 1);
  if (input == "normal") return;
  if (input == "outliers") {
    std::uniform_real_distribution<float> big(1000.0f, 2000.0f);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c0 = 0; c0 < cols; c0 += g) {
        const int64_t c = c0 + int64_t(gen() % uint64_t(std::min(g, cols - c0)));
        x[r * cols + c] = (gen() & 1) ? big(gen) : -big(gen);
      }
    return;
  }
  if (input == "zero_groups") {
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        if (coin(seed, r, c / g) % 3 == 0 || coin(seed + 1, r / g, c) % 3 == 0) x[r * cols + c] = 0.0f;
    return;
  }
  if (input == "spread") {
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) {
        const int u = int(coin(seed, r, c / g) % 25) - 12 + int(coin(seed + 1, r / g, c) % 25) - 12;
        x[r * cols + c] = std::ldexp(x[r * cols + c], std::clamp(u, -12, 12));
      }
    return;
  }
  throw ProblemError("shiftquant has no input kind '" + input + "'");
}

}  // namespace hotops::shiftquant
