#include <immintrin.h>

#include "shiftquant/convert.h"

namespace hotops::shiftquant {

void to_f16_avx512f(const float* x, size_t n, f16* out) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16)
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm512_cvtps_ph(_mm512_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
  for (; i < n; ++i) out[i].bits = _cvtss_sh(x[i], _MM_FROUND_TO_NEAREST_INT);
}

}  // namespace hotops::shiftquant
