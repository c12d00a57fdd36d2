// Inference-time per-channel norm (BatchNorm / UN / PowerNorm: y = x·a + b per column,
// common/channel.h) followed by a Linear layer, Y = norm(X)·W + bias — measured both ways:
// unfolded (the norm pass, then the GEMM on its output) and folded (one GEMM with
// W' = diag(a)·W and bias' = bias + bᵀW, computed once at model load by fold()), so the
// claim that a foldable norm costs nothing at inference is measured rather than assumed.
// Both sides of a pair use the same GEMM (oneDNN's matmul, or the naive scalar loop), so
// the difference is the norm's cost alone.
#pragma once
#include <cstdint>

namespace hotops::norm::norm_linear {

struct NormLinearArgs {
  int64_t rows, d, n;  // X: rows × d, W: d × n (row-major), Y: rows × n
  const float* x;
  const float* gamma;  // d: the norm's parameters and running statistics (unfolded)
  const float* beta;
  const float* mean;
  const float* var;
  float eps;
  const float* w;            // d × n
  const float* bias;         // n
  const float* w_folded;     // d × n: diag(a)·W
  const float* bias_folded;  // n: bias + bᵀW
  float* y;                  // rows × n
  float* scratch;            // the unfolded variants' workspace: the normalized X (rows × d) and 3·d floats
  int threads;
};

// Folds the per-channel affine into the Linear layer (in double, rounded once to f32).
void fold(int64_t d, int64_t n, const float* gamma, const float* beta, const float* mean, const float* var, float eps,
          const float* w, const float* bias, float* w_folded, float* bias_folded);

// Y = X·W + bias, plain loops (the scalar variants' GEMM).
void naive_gemm(int64_t rows, int64_t d, int64_t n, const float* x, const float* w, const float* bias, float* y);

// Y = X·W + bias by oneDNN's matmul (cached primitive per shape); both oneDNN variants use it.
void onednn_gemm(int64_t rows, int64_t d, int64_t n, const float* x, const float* w, const float* bias, float* y,
                 int threads);

}  // namespace hotops::norm::norm_linear
