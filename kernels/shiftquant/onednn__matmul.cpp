// oneDNN 2.6 matmul as the peer of every GEMM: s8·s8 → s32 (per-row int8, no groups), f32, and
// bf16 → f32, plain row-major layouts (transposes as strides), one primitive per shape cached
// (peers/onednn.h). oneDNN packs its operands inside each call, as our GEMMs do. The step peers
// quantize / convert with our code (the same as the own steps) and run the three GEMMs in oneDNN;
// the int8 step dequantizes oneDNN's s32 in place: y = (sa[i]·sb[j])·float(s32), as s8_scaled does.
#include "core/isa.h"
#include "peers/onednn.h"
#include "shiftquant/convert.h"
#include "shiftquant/plan.h"
#include "shiftquant/shiftquant.h"

namespace hotops::shiftquant {
namespace {

namespace od = peers::onednn;
using dnnl::memory;
using DT = memory::data_type;

// One matmul c (m×n) = op(a)·op(b); key: a string literal naming the types.
void matmul(const char* key, DT ta, DT tb, DT tc, gemm::Dims d, bool trans_a, bool trans_b, const void* a, const void* b,
            void* c, int threads) {
  od::Primitive& p = od::cached({key, {d.m, d.n, d.k, trans_a, trans_b}, threads},
                                {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, [&] {
                                  using tag = memory::format_tag;
                                  const memory::desc ad({d.m, d.k}, ta, trans_a ? tag::ba : tag::ab);
                                  const memory::desc bd({d.k, d.n}, tb, trans_b ? tag::ba : tag::ab);
                                  const memory::desc cd({d.m, d.n}, tc, tag::ab);
                                  return dnnl::matmul::primitive_desc(dnnl::matmul::desc(ad, bd, cd), od::attr(),
                                                                      od::engine());
                                });
  p.run({a, b, c});
}

QIsa best_qisa() {
  if (isa_unavailable(isa("avx512f")).empty()) return QIsa::avx512f;
  return isa_unavailable(isa("avx2")).empty() ? QIsa::avx2 : QIsa::scalar;
}

}  // namespace

void gemm_onednn_s8__jit(const GemmArgs& a) {
  matmul("matmul_s8s8s32", DT::s8, DT::s8, DT::s32, {a.tokens, a.n, a.k}, false, false, a.qx.codes, a.qw.codes, a.out,
         a.threads);
}
void gemm_onednn_f32__jit(const GemmArgs& a) {
  matmul("matmul_f32", DT::f32, DT::f32, DT::f32, {a.tokens, a.n, a.k}, false, false, a.x, a.w, a.out, a.threads);
}
void gemm_onednn_bf16__jit(const GemmArgs& a) {
  matmul("matmul_bf16bf16f32", DT::bf16, DT::bf16, DT::f32, {a.tokens, a.n, a.k}, false, false, a.x, a.w, a.out,
         a.threads);
}

void step_onednn_s8__jit(const StepArgs& a) {
  run_int_step(best_qisa(), a, [&](gemm::Dims d, const QOperand& x, const QOperand& y, float* c, int64_t ldc) {
    int32_t* s32 = reinterpret_cast<int32_t*>(c);  // the f32 output holds the s32 result first
    matmul("matmul_s8s8s32", DT::s8, DT::s8, DT::s32, d, x.trans, y.trans, x.q.codes, y.q.codes, s32, a.threads);
    for (int64_t i = 0; i < d.m; ++i)
      for (int64_t j = 0; j < d.n; ++j) c[i * ldc + j] = (x.q.scales[i] * y.q.scales[j]) * float(s32[i * ldc + j]);
  });
}

void step_onednn_f32__jit(const StepArgs& a) {
  const int64_t t = a.tokens, k = a.k, n = a.n;
  if (a.fwd) matmul("matmul_f32", DT::f32, DT::f32, DT::f32, {t, n, k}, false, false, a.x, a.w, a.y, a.threads);
  if (a.bwd) {
    matmul("matmul_f32", DT::f32, DT::f32, DT::f32, {t, k, n}, false, true, a.dy, a.w, a.dx, a.threads);
    matmul("matmul_f32", DT::f32, DT::f32, DT::f32, {k, n, t}, true, false, a.x, a.dy, a.dw, a.threads);
  }
}

void step_onednn_bf16__jit(const StepArgs& a) {
  const int64_t t = a.tokens, k = a.k, n = a.n;
  const StepPlan plan = step_plan(t, k, n, a.num, a.fwd, a.bwd);
  std::byte* ws = static_cast<std::byte*>(a.workspace);
  bf16* h[3];
  const float* src[3] = {a.x, a.w, a.dy};
  const size_t count[3] = {size_t(t * k), size_t(k * n), size_t(t * n)};
  const bool bf16_cpu = isa_unavailable(isa("avx512bf16")).empty();
  for (int i = 0; i < 3; ++i) {
    h[i] = reinterpret_cast<bf16*>(ws + plan.half[size_t(i)]);
    if (i < 2 || a.bwd) to_bf16(bf16_cpu, src[i], count[i], h[i]);
  }
  const char* key = "matmul_bf16bf16f32";
  if (a.fwd) matmul(key, DT::bf16, DT::bf16, DT::f32, {t, n, k}, false, false, h[0], h[1], a.y, a.threads);
  if (a.bwd) {
    matmul(key, DT::bf16, DT::bf16, DT::f32, {t, k, n}, false, true, h[2], h[1], a.dx, a.threads);
    matmul(key, DT::bf16, DT::bf16, DT::f32, {k, n, t}, true, false, h[0], h[2], a.dw, a.threads);
  }
}

}  // namespace hotops::shiftquant
