#include <immintrin.h>

#include "shiftquant/convert.h"

namespace hotops::shiftquant {

void to_bf16_avx512bf16(const float* x, size_t n, bf16* out) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16)
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), (__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps(x + i)));
  if (i < n) {  // the tail through a masked load: the same instruction, the same rounding
    const __mmask16 m = __mmask16((1u << (n - i)) - 1);
    alignas(32) uint16_t t[16];
    _mm256_store_si256(reinterpret_cast<__m256i*>(t), (__m256i)_mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(m, x + i)));
    for (size_t j = 0; i + j < n; ++j) out[i + j].bits = t[j];
  }
}

}  // namespace hotops::shiftquant
