// VQ-Logits family (arXiv 2505.10202, KERNELS.md §5): the output layer of a language model
// through a codebook. Code logits L_c = h·Cᵀ (T × K), vocabulary logits L_v[i] = L_c[M(i)],
// then log-softmax / cross-entropy / sampling over V — against the dense layer h·Wᵀ (V × d).
// The paths (dense, gather, fused) are in paths.h, the per-ISA blocks in ops.h; README.md.
#pragma once
#include <cstdint>

#include "core/bf16.h"
#include "core/variant.h"

namespace hotops::vq_logits {

enum class Layer : uint8_t { codebook, dense };   // C (K × d) and M, or W (V × d)
enum class From : uint8_t { hidden, logits };     // h given (GEMV/GEMM first), or the layer's logits
enum class Out : uint8_t { logprob, loss_grad, sample };

struct VqArgs {
  int64_t tokens, vocab, codes, d;
  Layer layer;
  From from;
  Out out;
  bool bf16;       // h and the weights stored as bf16 (products summed in f32), else f32
  bool map_int16;  // M stored as int16, else int32

  // Inputs (by role, core/tensor.h); those a problem does not have are null.
  const void* h;               // T × d                            from=hidden
  const void* weights;         // W (V × d) or C (K × d)           from=hidden
  const float* logits;         // T × V (dense) or T × K (L_c)     from=logits
  const void* map;             // M: V code indices                codebook
  const float* log_counts;     // K: log n_j, −inf for an empty code (n_j = |M⁻¹(j)|)
  const int32_t* code_offsets; // K + 1: M⁻¹(j) = code_tokens[offsets[j] .. offsets[j + 1])   sample
  const int32_t* code_tokens;  // V: the vocabulary ordered by code, then by token id          sample
  const int32_t* targets;      // T                                logprob, loss_grad
  const double* u;             // T × 2 uniforms in [0, 1)         sample

  // Outputs.
  float* logp;     // T: log p(target) (logprob) or log p(sampled token) (sample)
  float* lse;      // T: log Z (logprob)
  float* loss;     // T: −log p(target) (loss_grad)
  float* grad;     // ∂loss/∂L_c (T × K, codebook) or ∂loss/∂logits (T × V, dense)  (loss_grad)
  int32_t* token;  // T (sample)

  float* workspace;  // Variant::workspace bytes, allocated before timing
  int threads;       // oneDNN's team; own kernels are single-threaded
};

#define HOTOPS_VARIANT(name, ...) void name(const VqArgs& a);
#include "vq_logits/variants.inc"
#undef HOTOPS_VARIANT

}  // namespace hotops::vq_logits
