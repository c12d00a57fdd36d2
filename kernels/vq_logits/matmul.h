// The GEMM of the large-T paths: out (T × rows) = h (T × d) · weights (rows × d)ᵀ in f32 (bf16
// storage: products of bf16 pairs summed in f32). oneDNN's matmul (primitive cached per shape)
// until kernels/gemm lands on main; then gemm::f32 / gemm::bf16 with b.trans = true replace it
// here, and the *_matmul__jit variants become per-ISA.
#pragma once
#include <cstdint>

#include "vq_logits/vq_logits.h"

namespace hotops::vq_logits {

void matmul_logits(const VqArgs& a, int64_t rows, float* out);

}  // namespace hotops::vq_logits
