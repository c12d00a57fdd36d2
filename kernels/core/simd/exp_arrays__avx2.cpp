// exp_arrays.h for the Avx2 trait.
#include "core/simd/avx2.h"
#include "core/simd/exp_arrays_impl.h"

namespace hotops::simd {
extern const ExpArrays kExpArrays_avx2 = ExpArraysOf<Avx2>::arrays("avx2");
}  // namespace hotops::simd
