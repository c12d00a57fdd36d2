// AVX-512 building blocks (ops_impl.h): the shared AVX-512 trait and its vector exp (core/simd).
#include "core/simd/avx512.h"
#include "vq_logits/ops_impl.h"

const hotops::vq_logits::Ops& hotops::vq_logits::ops_avx512f() {
  static const Ops ops = make_ops<WithVecExp<simd::Avx512>>(softmax::two_pass__avx512f);
  return ops;
}
