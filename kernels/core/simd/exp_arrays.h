// The trait exps (exp.h) applied to arrays, one set per ISA (exp_arrays__<isa>.cpp): what the
// accuracy test of exp.h (tests/cpp/simd_exp_test.cpp) runs on every ISA this machine has.
#pragma once
#include <cstdint>
#include <vector>

#include "core/isa.h"

namespace hotops::simd {

struct ExpArrays {
  const char* isa;                                                         // a name of core/isa.inc
  void (*nonpos)(const float* z, float* y, int64_t n);                     // exp(z), z ≤ 0
  void (*split)(const float* x, float* p, float* e, int64_t n);            // exp(x) = p·2^e
  void (*scaled)(const float* z, float* y, int64_t n, double c, float E);  // exp(z)·c·2^-E
};

// Every ISA's, whether this machine can run it or not (isa_unavailable says).
const std::vector<ExpArrays>& exp_arrays();

}  // namespace hotops::simd
