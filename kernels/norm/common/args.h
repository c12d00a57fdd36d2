// Kernel arguments shared by the norm families. Tensors are row-major with stride = width;
// parameters and statistics are f32 whatever the storage dtype. Kernels never allocate.
#pragma once
#include <cstdint>

#include "core/dtype.h"

namespace hotops::norm {

// The input every norm kernel reads: rows × d values of x, stored as dtype.
struct Rows {
  int64_t rows;
  int64_t d;  // stored row length (crmsnorm: the d − 1 kept entries of a d-vector)
  DType dtype;
  const void* x;
};

// Forward of a per-row normalization (layernorm, rmsnorm, crmsnorm, l1norm).
struct RowNormArgs : Rows {
  void* y;             // rows × d; may not alias x
  const float* gamma;  // d
  const float* beta;   // d; null where the family has no shift
  float eps;
  float x_scale, y_scale;  // int8 storage only: real value = scale · q
  int threads;             // peers use it; own kernels are single-threaded (the case splits rows)
};

// The three per-row norms that have a backward here.
enum class NormKind { layer, rms, l1 };

// Statistics of one row as the forward kernels use them: y = γ·((x − k) − m)·s + β for
// the centred norms (k a shift, m the mean of x − k), y = γ·x·s for the uncentred ones.
struct RowStats {
  float k = 0, m = 0, s = 1;
};

// Backward of a per-row normalization given the statistics the forward saved.
struct RowNormBwdArgs : Rows {  // x: the forward's input
  const void* dy;      // rows × d: gradient of the output
  void* dx;            // rows × d: gradient of the input
  const float* gamma;  // d
  const float* mean;   // rows: saved row mean (null for rmsnorm)
  const float* rstd;   // rows: saved inverse scale 1/σ, 1/rms or 1/(mad + ε)
  float* dgamma;       // d: overwritten with Σ over these rows
  float* dbeta;        // d: likewise; null where the family has no shift
  int threads;
};

// Per-channel normalization with running statistics (BatchNorm / UN / PowerNorm): the
// statistics are per column (feature), shared by all rows.
struct ChannelNormArgs : Rows {
  void* y;             // rows × d
  const float* gamma;  // d
  const float* beta;   // d
  const float* mean;   // d running mean; null = no mean subtraction (PowerNorm)
  const float* var;    // d running variance, or PowerNorm's running quadratic mean ψ²
  float eps;
  // PowerNorm training only (else null): new_var = momentum · var + (1 − momentum) · mean_rows(x²)
  float* new_var;
  float momentum;
  float* scratch;  // 3 · d floats of workspace
  int threads;
};

}  // namespace hotops::norm
