// exp_arrays.h for the Scalar trait.
#include "core/simd/scalar.h"
#include "core/simd/exp_arrays_impl.h"

namespace hotops::simd {
extern const ExpArrays kExpArrays_scalar = ExpArraysOf<Scalar>::arrays("scalar");
}  // namespace hotops::simd
