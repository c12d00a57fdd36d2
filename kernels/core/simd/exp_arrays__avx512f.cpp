// exp_arrays.h for the Avx512 trait.
#include "core/simd/avx512.h"
#include "core/simd/exp_arrays_impl.h"

namespace hotops::simd {
extern const ExpArrays kExpArrays_avx512f = ExpArraysOf<Avx512>::arrays("avx512f");
}  // namespace hotops::simd
