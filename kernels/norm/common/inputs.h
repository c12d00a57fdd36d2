// Input kinds of the norm families (deterministic in the seed). Each is hostile in its
// own way; the first is the benchmark input.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace hotops::norm {

// "normal":   per-row offset and spread, uniform noise (benchmark input)
// "offset":   ±1e4 + U(−1, 1): a naive one-pass Σx² − (Σx)²/d loses every digit in f32
// "constant": every row constant, some rows zero (zero variance, eps decides)
// "spiky":    U(−1, 1) with one in 16 entries ±1e3 (outliers dominate the statistics)
const std::vector<std::string>& input_kinds();

// rows × width values of one kind; throws ProblemError for an unknown kind.
std::vector<double> make_input(const std::string& kind, int64_t rows, int64_t width, uint64_t seed);

// Every element of t uniform in [lo, hi), rounded to t's dtype (parameters, running statistics).
void fill_uniform(Tensor& t, double lo, double hi, uint64_t seed);

// Per-tensor int8 scale that maps the largest magnitude to 127 (1 for an all-zero tensor).
double int8_scale(const std::vector<double>& v);

}  // namespace hotops::norm
