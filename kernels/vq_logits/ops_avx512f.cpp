// AVX-512 building blocks (ops_impl.h): the shared AVX-512 trait and its vector exp (core/simd).
#include "core/simd/avx512.h"
#include "core/simd/exp.h"
#include "vq_logits/ops_impl.h"

namespace hotops::vq_logits {
namespace {

struct Avx512 : simd::Avx512 {
  static V exp_nonpos(V z) { return simd::exp_nonpos<simd::Avx512>(z); }
};

}  // namespace

const Ops& ops_avx512f() {
  static const Ops ops = make_ops<Avx512>(softmax::two_pass__avx512f);
  return ops;
}

}  // namespace hotops::vq_logits
