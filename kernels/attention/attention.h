// Attention family (KERNELS.md §4): per head, Q, K, V (n × d) → O, with the score map of its
// kind: softmax (rows sum to 1), sigmoid (arXiv 2409.04431), linear (φ = elu + 1, Katharopoulos
// et al.) or softplus (arXiv 2501.13428, L1-normalised). Backward (softmax, sigmoid) takes dO and
// returns dQ, dK, dV, recomputing P (softmax: from the saved log-sum-exp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/variant.h"

namespace hotops::attention {

enum class Kind : uint8_t { softmax, sigmoid, linear, softplus };

// The problem as kernels see it: q, o, dq are [heads][n][d], k, v, dk, dv [heads][nk][d], lse
// [heads][n], all row-major. Causal: query i sees key j iff j ≤ i + nk − n (aligned at the
// bottom right, as FlashAttention-2 does; with nk < n the first n − nk rows see no key and give
// O = 0, lse = −inf). Element type: float, or bf16 when `bf16` (q, k, v, o).
struct AttnArgs {
  int64_t heads, n, nk, d;
  Kind kind;
  bool causal, backward, bf16;
  float scale;         // s: scores are s·q·k
  float bias;          // sigmoid: b in σ(s·q·k + b)
  float length_scale;  // softplus: scores are s·log(N)·q·k (this factor is log N)
  float power;         // softplus re-weighting: weights w^p, renormalised (1 = none)
  const void *q, *k, *v;
  void* o;     // forward: written; backward: read (softmax)
  float* lse;  // softmax: forward writes it, backward reads it; null for other kinds
  const void* d_o;
  float *dq, *dk, *dv;
  void* workspace;  // Variant::workspace bytes, owned by the case
  int threads;      // own kernels split heads into at most `threads` blocks
};

// The variants' list options (support.cpp): why a problem is not served ("" if it is) and the
// workspace each needs. Materialized variants hold n·nk scores per head and are refused when
// those exceed half the physical memory.
std::string reason_flash(const Problem& p);
std::string reason_materialized(const Problem& p);
std::string reason_linear(const Problem& p);
std::string reason_bf16_flash(const Problem& p);
std::string reason_onednn(const Problem& p);
size_t workspace_flash(const Problem& p);
size_t workspace_materialized(const Problem& p);
size_t workspace_linear(const Problem& p);
size_t workspace_onednn(const Problem& p);
// The bytes a materialized variant streams beyond the minimum: its score matrices (work.cpp).
Work materialized_traffic(const Problem& p, const Work& minimum);

#define HOTOPS_VARIANT(name, ...) void name(const AttnArgs& a);
#include "attention/variants.inc"
#undef HOTOPS_VARIANT

}  // namespace hotops::attention
