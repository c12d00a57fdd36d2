// Deterministic input generation (seeded), shared by every family.
#pragma once
#include <cstddef>
#include <cstdint>
#include <random>

namespace hotops {

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  // Uniform in [lo, hi).
  template <class T>
  void fill_uniform(T* p, size_t n, double lo, double hi) {
    std::uniform_real_distribution<double> d(lo, hi);
    for (size_t i = 0; i < n; ++i) p[i] = T(d(gen_));
  }
  double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(gen_); }
  uint64_t below(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(gen_); }

 private:
  std::mt19937_64 gen_;
};

}  // namespace hotops
