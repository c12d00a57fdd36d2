// Scalar building blocks (ops_impl.h with one lane), and the choice of the widest table.
#include <cmath>

#include "core/isa.h"
#include "vq_logits/ops_impl.h"

namespace hotops::vq_logits {
namespace {

struct Scalar {
  using V = float;
  static constexpr int W = 1;
  static V zero() { return 0.0f; }
  static V set1(float x) { return x; }
  static V load(const float* p) { return *p; }
  static V load(const bf16* p) { return widen(*p); }
  static V add(V a, V b) { return a + b; }
  static V sub(V a, V b) { return a - b; }
  static V fmadd(V a, V b, V c) { return a * b + c; }
  static V max(V a, V b) { return std::fmax(a, b); }
  static V exp_nonpos(V z) { return std::exp(z); }
  static float hsum(V v) { return v; }
  static float hmax(V v) { return v; }
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
