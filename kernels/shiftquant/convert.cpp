#include "shiftquant/convert.h"

namespace hotops::shiftquant {

void to_f16(QIsa isa, const float* x, size_t n, f16* out) {
  if (isa != QIsa::scalar) return to_f16_avx2(x, n, out);  // 8 at a time: the conversion is memory-bound
  for (size_t i = 0; i < n; ++i) out[i] = f32_to_f16(x[i]);
}

void to_bf16(bool avx512bf16, const float* x, size_t n, bf16* out) {
  if (avx512bf16) return to_bf16_avx512bf16(x, n, out);
  for (size_t i = 0; i < n; ++i) out[i] = f32_to_bf16(x[i]);
}

}  // namespace hotops::shiftquant
