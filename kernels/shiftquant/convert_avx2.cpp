#include <immintrin.h>

#include "shiftquant/convert.h"

namespace hotops::shiftquant {

void to_f16_avx2(const float* x, size_t n, f16* out) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
  for (; i < n; ++i) out[i].bits = _cvtss_sh(x[i], _MM_FROUND_TO_NEAREST_INT);
}

}  // namespace hotops::shiftquant
