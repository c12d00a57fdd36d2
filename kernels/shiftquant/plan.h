// Shapes and storage of the quantized operands of a ShiftQuant problem: which matrix is quantized
// along which direction for which GEMM, how many bytes its codes and scales take, and where a
// training step keeps them in its workspace.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

#include "shiftquant/shiftquant.h"

namespace hotops::shiftquant {

// One quantization of one operand: the f32 matrix (rows×cols) and the direction of its groups.
struct QuantJob {
  enum Tensor : uint8_t { x, w, dy } tensor;
  Along along;
  bool gradient;  // dY: g_bits and its rounding
  uint32_t stream;
};

// The six quantizations of a step, in the order a step runs them:
//   Y  = X·W    x along K (rows), w along K (cols)
//   dX = dY·Wᵀ  dy along N (rows), w along N (rows)
//   dW = Xᵀ·dY  x along T (cols), dy along T (cols)
inline constexpr std::array<QuantJob, 6> kStepQuant = {{{QuantJob::x, Along::rows, false, 0},
                                                         {QuantJob::w, Along::cols, false, 0},
                                                         {QuantJob::dy, Along::rows, true, kStreamDyRows},
                                                         {QuantJob::w, Along::rows, false, 0},
                                                         {QuantJob::x, Along::cols, false, 0},
                                                         {QuantJob::dy, Along::cols, true, kStreamDyCols}}};

struct Shape2 {
  int64_t rows, cols;
};
inline Shape2 shape_of(QuantJob::Tensor t, int64_t tokens, int64_t k, int64_t n) {
  return t == QuantJob::x ? Shape2{tokens, k} : t == QuantJob::w ? Shape2{k, n} : Shape2{tokens, n};
}

// Bytes of codes (int4 packed when bits = 4) and number of scales / exponents of one quantization.
inline bool packs_int4(int bits) { return bits == 4; }
inline size_t code_bytes(int bits, Shape2 s) {
  const size_t count = size_t(s.rows * s.cols);
  return packs_int4(bits) ? (count + 1) / 2 : count;
}
inline size_t scale_count(const QuantSpec& q, Along along, Shape2 s) {
  return size_t(quant_groups(q, along, s.rows, s.cols) * (along == Along::rows ? s.rows : s.cols));
}

// A training step's workspace: for integer formats the codes and scales of the quantizations the
// direction needs; for fp16/bf16 the converted X, W, dY; nothing for f32.
struct StepPlan {
  struct Q {
    bool used = false;
    size_t codes = 0, scales = 0;  // byte offsets
  };
  std::array<Q, 6> quant{};
  std::array<size_t, 3> half{};  // x, w, dy in 16 bits
  size_t bytes = 0;
};
StepPlan step_plan(int64_t tokens, int64_t k, int64_t n, const Numerics& num, bool fwd, bool bwd);

// A quantized operand of one of a step's GEMMs: codes (stored rows×cols), whether the GEMM reads
// it transposed, and its scales as its quantization laid them out.
struct QOperand {
  QView q;
  Shape2 shape;
  Along along;
  bool trans;
  int64_t groups;
  gemm::IntMat mat() const { return {q.codes, shape.cols, trans, q.int4}; }
};

// The quantizations a step's direction needs (quantizer ISA qisa), into a.workspace.
std::array<QOperand, 6> quantize_step(QIsa qisa, const StepArgs& a, const StepPlan& plan);

// An integer training step with its GEMMs done by gemm_fn(dims, op(A), op(B), c, ldc).
template <class GemmFn>
void run_int_step(QIsa qisa, const StepArgs& a, GemmFn&& gemm_fn) {
  const StepPlan plan = step_plan(a.tokens, a.k, a.n, a.num, a.fwd, a.bwd);
  std::array<QOperand, 6> q = quantize_step(qisa, a, plan);
  const int64_t t = a.tokens, k = a.k, n = a.n;
  if (a.fwd) gemm_fn(gemm::Dims{t, n, k}, q[0], q[1], a.y, n);
  if (a.bwd) {
    q[3].trans = true;  // dX = dY·Wᵀ
    gemm_fn(gemm::Dims{t, k, n}, q[2], q[3], a.dx, k);
    q[4].trans = true;  // dW = Xᵀ·dY
    gemm_fn(gemm::Dims{k, n, t}, q[4], q[5], a.dw, n);
  }
}

}  // namespace hotops::shiftquant
