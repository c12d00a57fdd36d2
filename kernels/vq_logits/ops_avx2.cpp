// AVX2 building blocks (ops_impl.h): the shared AVX2 trait plus the softmax family's vector exp
// and max. TEMPORARY includes: both become kernels/core/simd/ when that lands on main.
#include "norm/common/simd_avx2.h"
#include "softmax/exp_avx2.h"
#include "softmax/vec_avx2.h"
#include "vq_logits/ops_impl.h"

namespace hotops::vq_logits {
namespace {

struct Avx2 : norm::Avx2 {
  static V max(V a, V b) { return _mm256_max_ps(a, b); }
  static V exp_nonpos(V z) { return softmax::avx2::exp_nonpos(z); }
  static float hmax(V v) { return softmax::avx2::hmax(v); }
};

}  // namespace

const Ops& ops_avx2() {
  static const Ops ops = make_ops<Avx2>(softmax::two_pass__avx2);
  return ops;
}

}  // namespace hotops::vq_logits
