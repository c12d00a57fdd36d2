// AVX-512 building blocks (ops_impl.h): the shared AVX-512 trait plus the softmax family's vector
// exp and max. TEMPORARY includes: both become kernels/core/simd/ when that lands on main.
#include "norm/common/simd_avx512.h"
#include "softmax/exp_avx512.h"
#include "softmax/vec_avx512.h"
#include "vq_logits/ops_impl.h"

namespace hotops::vq_logits {
namespace {

struct Avx512 : norm::Avx512 {
  static V max(V a, V b) { return softmax::avx512::vmax(a, b); }
  static V exp_nonpos(V z) { return softmax::avx512::exp_nonpos(z); }
  static float hmax(V v) { return softmax::avx512::hmax(v); }
};

}  // namespace

const Ops& ops_avx512f() {
  static const Ops ops = make_ops<Avx512>(softmax::two_pass__avx512f);
  return ops;
}

}  // namespace hotops::vq_logits
