// AVX2 building blocks (ops_impl.h): the shared AVX2 trait and its vector exp (core/simd).
#include "core/simd/avx2.h"
#include "core/simd/exp.h"
#include "vq_logits/ops_impl.h"

namespace hotops::vq_logits {
namespace {

struct Avx2 : simd::Avx2 {
  static V exp_nonpos(V z) { return simd::exp_nonpos<simd::Avx2>(z); }
};

}  // namespace

const Ops& ops_avx2() {
  static const Ops ops = make_ops<Avx2>(softmax::two_pass__avx2);
  return ops;
}

}  // namespace hotops::vq_logits
