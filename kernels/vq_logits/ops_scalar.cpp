// Scalar building blocks (ops_impl.h with one lane), and the choice of the widest table.
#include <cmath>

#include "core/isa.h"
#include "core/simd/scalar.h"
#include "vq_logits/ops_impl.h"

namespace hotops::vq_logits {
namespace {

struct Scalar : simd::Scalar {
  static V exp_nonpos(V z) { return std::exp(z); }  // libm: the reference-speed path
};

}  // namespace

const Ops& ops_scalar() {
  static const Ops ops = make_ops<Scalar>(softmax::two_pass__scalar);
  return ops;
}

const Ops& best_ops() {
  if (isa_unavailable(isa("avx512f")).empty()) return ops_avx512f();
  if (isa_unavailable(isa("avx2")).empty()) return ops_avx2();
  return ops_scalar();
}

}  // namespace hotops::vq_logits
