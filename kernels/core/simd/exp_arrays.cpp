#include "core/simd/exp_arrays.h"

namespace hotops::simd {

extern const ExpArrays kExpArrays_scalar, kExpArrays_avx2, kExpArrays_avx512f;

const std::vector<ExpArrays>& exp_arrays() {
  static const std::vector<ExpArrays> all = {kExpArrays_scalar, kExpArrays_avx2, kExpArrays_avx512f};
  return all;
}

}  // namespace hotops::simd
