// AVX2 building blocks (ops_impl.h): the shared AVX2 trait and its vector exp (core/simd).
#include "core/simd/avx2.h"
#include "vq_logits/ops_impl.h"

const hotops::vq_logits::Ops& hotops::vq_logits::ops_avx2() {
  static const Ops ops = make_ops<WithVecExp<simd::Avx2>>(softmax::two_pass__avx2);
  return ops;
}
