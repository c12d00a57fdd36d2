// One GEMM (op=gemm) and the training step (op=step) on the GEMM library, for every format.
#include <cstddef>
#include <type_traits>

#include "shiftquant/convert.h"
#include "shiftquant/plan.h"
#include "shiftquant/shiftquant.h"

namespace hotops::shiftquant {
namespace {

using gemm::Dims;
using gemm::GroupScale;
using gemm::IntMat;

// Scale (or exponent) of index r — a row of op(A) or a column of op(B) — in group g, from a
// quantization along rows ([rows][groups]) or along cols ([groups][cols]) of an r×c matrix.
template <class T>
GroupScale<T> group_scale(const T* s, Along along, int64_t groups, int64_t cols) {
  return along == Along::rows ? GroupScale<T>{s, groups, 1} : GroupScale<T>{s, 1, cols};
}

// c (m×n, ldc) = dequantized op(A)·op(B) in the problem's integer format.
void int_gemm(gemm::Isa isa, bool rearranged, const Numerics& num, Dims d, const QOperand& a, const QOperand& b,
              float* c, int64_t ldc, int threads) {
  const int group = int(num.group);
  switch (num.format) {
    case Format::shift:
      return gemm::shift_dequant(isa, d, group, a.mat(), group_scale(a.q.exps, a.along, a.groups, a.shape.cols), b.mat(),
                                 group_scale(b.q.exps, b.along, b.groups, b.shape.cols), c, ldc, threads);
    case Format::floatgroup: {
      const auto sa = group_scale(a.q.scales, a.along, a.groups, a.shape.cols);
      const auto sb = group_scale(b.q.scales, b.along, b.groups, b.shape.cols);
      if (rearranged) return gemm::group_rearranged(isa, d, group, a.mat(), sa, b.mat(), sb, c, ldc, threads);
      return gemm::group_fma(isa, d, group, a.mat(), sa, b.mat(), sb, c, ldc, threads);
    }
    default:  // rowwise: one scale per row of op(A) and per column of op(B)
      return gemm::s8_scaled(isa, d, a.mat(), a.q.scales, b.mat(), b.q.scales, c, ldc, threads);
  }
}

}  // namespace

// The six quantizations a step's direction needs, into the workspace.
std::array<QOperand, 6> quantize_step(QIsa qisa, const StepArgs& a, const StepPlan& plan) {
  std::array<QOperand, 6> out{};
  std::byte* ws = static_cast<std::byte*>(a.workspace);
  const float* src[3] = {a.x, a.w, a.dy};
  for (size_t i = 0; i < kStepQuant.size(); ++i) {
    if (!plan.quant[i].used) continue;
    const QuantJob& j = kStepQuant[i];
    const Shape2 s = shape_of(j.tensor, a.tokens, a.k, a.n);
    const QuantSpec spec = a.num.spec(j.gradient, a.seed, j.stream);
    const bool int4 = packs_int4(spec.bits), pow2 = a.num.format == Format::shift;
    void* codes = ws + plan.quant[i].codes;
    int8_t* exps = pow2 ? reinterpret_cast<int8_t*>(ws + plan.quant[i].scales) : nullptr;
    float* scales = pow2 ? nullptr : reinterpret_cast<float*>(ws + plan.quant[i].scales);
    quantize(qisa, spec, j.along, src[j.tensor], s.rows, s.cols, {codes, int4, exps, scales});
    out[i] = {{codes, int4, exps, scales}, s, j.along, false, quant_groups(spec, j.along, s.rows, s.cols)};
  }
  return out;
}

namespace {

void float_step(gemm::Isa isa, QIsa qisa, const StepArgs& a) {
  const int64_t t = a.tokens, k = a.k, n = a.n;
  const Format f = a.num.format;
  if (f == Format::f32) {
    if (a.fwd) gemm::f32(isa, {t, n, k}, {a.x, k}, {a.w, n}, a.y, n, false, a.threads);
    if (a.bwd) {
      gemm::f32(isa, {t, k, n}, {a.dy, n}, {a.w, n, true}, a.dx, k, false, a.threads);
      gemm::f32(isa, {k, n, t}, {a.x, k, true}, {a.dy, n}, a.dw, n, false, a.threads);
    }
    return;
  }
  const StepPlan plan = step_plan(t, k, n, a.num, a.fwd, a.bwd);
  std::byte* ws = static_cast<std::byte*>(a.workspace);
  const float* src[3] = {a.x, a.w, a.dy};
  const size_t count[3] = {size_t(t * k), size_t(k * n), size_t(t * n)};
  const bool used[3] = {true, true, a.bwd};
  auto run = [&](auto* h, auto gemm_fn) {  // h: the three converted operands
    using H = std::remove_pointer_t<decltype(h)>;
    const H* x = reinterpret_cast<const H*>(ws + plan.half[0]);
    const H* w = reinterpret_cast<const H*>(ws + plan.half[1]);
    const H* dy = reinterpret_cast<const H*>(ws + plan.half[2]);
    if (a.fwd) gemm_fn(isa, Dims{t, n, k}, gemm::Mat<H>{x, k}, gemm::Mat<H>{w, n}, a.y, n, false, a.threads);
    if (a.bwd) {
      gemm_fn(isa, Dims{t, k, n}, gemm::Mat<H>{dy, n}, gemm::Mat<H>{w, n, true}, a.dx, k, false, a.threads);
      gemm_fn(isa, Dims{k, n, t}, gemm::Mat<H>{x, k, true}, gemm::Mat<H>{dy, n}, a.dw, n, false, a.threads);
    }
  };
  if (f == Format::f16) {
    for (int i = 0; i < 3; ++i)
      if (used[i]) to_f16(qisa, src[i], count[i], reinterpret_cast<f16*>(ws + plan.half[size_t(i)]));
    return run(static_cast<f16*>(nullptr), gemm::f16);
  }
  for (int i = 0; i < 3; ++i)
    if (used[i]) to_bf16(isa == gemm::Isa::avx512bf16, src[i], count[i], reinterpret_cast<bf16*>(ws + plan.half[size_t(i)]));
  run(static_cast<bf16*>(nullptr), gemm::bf16);
}

}  // namespace

void run_gemm(gemm::Isa isa, bool rearranged, const GemmArgs& a) {
  const Dims d{a.tokens, a.n, a.k};
  const Numerics& num = a.num;
  const IntMat x{a.qx.codes, a.k, false, a.qx.int4}, w{a.qw.codes, a.n, false, a.qw.int4};
  const int64_t g = (a.k + num.group - 1) / std::max<int64_t>(num.group, 1);
  switch (num.format) {
    case Format::shift:
      return gemm::shift(isa, d, int(num.group), x, {a.qx.exps, g, 1}, w, {a.qw.exps, 1, a.n},
                         static_cast<int64_t*>(a.out), a.n, a.threads);
    case Format::floatgroup:
      if (rearranged)
        return gemm::group_rearranged(isa, d, int(num.group), x, {a.qx.scales, g, 1}, w, {a.qw.scales, 1, a.n},
                                      static_cast<float*>(a.out), a.n, a.threads);
      return gemm::group_fma(isa, d, int(num.group), x, {a.qx.scales, g, 1}, w, {a.qw.scales, 1, a.n},
                             static_cast<float*>(a.out), a.n, a.threads);
    case Format::rowwise: return gemm::s8(isa, d, x, w, static_cast<int32_t*>(a.out), a.n, a.threads);
    case Format::f32:
      return gemm::f32(isa, d, {static_cast<const float*>(a.x), a.k}, {static_cast<const float*>(a.w), a.n},
                       static_cast<float*>(a.out), a.n, false, a.threads);
    case Format::f16:
      return gemm::f16(isa, d, {static_cast<const f16*>(a.x), a.k}, {static_cast<const f16*>(a.w), a.n},
                       static_cast<float*>(a.out), a.n, false, a.threads);
    case Format::bf16:
      return gemm::bf16(isa, d, {static_cast<const bf16*>(a.x), a.k}, {static_cast<const bf16*>(a.w), a.n},
                        static_cast<float*>(a.out), a.n, false, a.threads);
  }
}

void run_step(gemm::Isa isa, QIsa qisa, bool rearranged, const StepArgs& a) {
  if (!a.num.integer()) return float_step(isa, qisa, a);
  run_int_step(qisa, a, [&](Dims d, const QOperand& x, const QOperand& y, float* c, int64_t ldc) {
    int_gemm(isa, rearranged, a.num, d, x, y, c, ldc, a.threads);
  });
}

}  // namespace hotops::shiftquant
