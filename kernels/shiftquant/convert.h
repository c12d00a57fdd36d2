// f32 → fp16 / bf16 conversion of a step's operands (round to nearest even, as F16C's
// vcvtps2ph and AVX512-BF16's vcvtneps2bf16 do; the scalar path is core/bf16.h's).
#pragma once
#include <cstddef>

#include "core/bf16.h"
#include "shiftquant/quantize.h"

namespace hotops::shiftquant {

void to_f16(QIsa isa, const float* x, size_t n, f16* out);
void to_bf16(bool avx512bf16, const float* x, size_t n, bf16* out);

// Per ISA (convert_<isa>.cpp).
void to_f16_avx2(const float* x, size_t n, f16* out);
void to_bf16_avx512bf16(const float* x, size_t n, bf16* out);

}  // namespace hotops::shiftquant
