#include "vq_logits/paths.h"

#include <algorithm>
#include <cmath>

#include "core/problem.h"
#include "vq_logits/matmul.h"
#include "vq_logits/ops.h"
#include "vq_logits/vq_logits.h"

namespace hotops::vq_logits {
namespace {

// A probability this small (or flushed to 0) loses its digits in f32: its log comes from the
// log-sum-exp instead. The softmax kernels flush results below 2^-125.
constexpr float kTiny = 0x1p-100f;

int32_t map_at(const VqArgs& a, int64_t i) {
  return a.map_int16 ? static_cast<const int16_t*>(a.map)[i] : static_cast<const int32_t*>(a.map)[i];
}

void softmax_row(const Ops& ops, const float* x, int64_t n, float* y) { ops.softmax({1, n, x, y, 1}); }

// The layer's logits, T rows of `rows` (V for dense, K for codebook): given, or computed into ws.
const float* layer_logits(Gemm gemm, const Ops& ops, const VqArgs& a, float*& ws) {
  if (a.from == From::logits) return a.logits;
  const int64_t rows = a.layer == Layer::dense ? a.vocab : a.codes;
  float* out = ws;
  ws += a.tokens * rows;
  if (gemm == Gemm::matmul) {
    matmul_logits(a, rows, out);
    return out;
  }
  const size_t s = a.bf16 ? 2 : 4;  // bytes per element of h and the weights
  for (int64_t t = 0; t < a.tokens; ++t) {
    const void* h = static_cast<const char*>(a.h) + size_t(t * a.d) * s;
    if (a.bf16)
      ops.gemv_bf16(static_cast<const bf16*>(a.weights), static_cast<const bf16*>(h), rows, a.d, out + t * rows);
    else
      ops.gemv_f32(static_cast<const float*>(a.weights), static_cast<const float*>(h), rows, a.d, out + t * rows);
  }
  return out;
}

// −log p(token) from p = a softmax output (the token's, or its code's with log n added back),
// or from the log-sum-exp where p has no digits left.
template <class Lse>
double neg_log(float p, double log_n, Lse&& lse_minus_logit) {
  return p >= kTiny ? log_n - std::log(double(p)) : lse_minus_logit();
}

void dense_token(const Ops& ops, const VqArgs& a, const float* x, int64_t t) {
  const int64_t V = a.vocab, tgt = a.targets[t];
  if (a.out == Out::logprob) {
    const double lse = ops.logsumexp(x, V);
    a.lse[t] = float(lse), a.logp[t] = float(double(x[tgt]) - lse);
    return;
  }
  float* g = a.grad + t * V;  // loss_grad: softmax − onehot
  softmax_row(ops, x, V, g);
  a.loss[t] = float(neg_log(g[tgt], 0.0, [&] { return ops.logsumexp(x, V) - double(x[tgt]); }));
  g[tgt] -= 1.0f;
}

void gather_token(const Ops& ops, const VqArgs& a, const float* lc, int64_t t, float* lv, float* p) {
  const int64_t V = a.vocab, K = a.codes, tgt = a.targets[t];
  if (a.map_int16)
    ops.gather_i16(lc, static_cast<const int16_t*>(a.map), V, lv);
  else
    ops.gather_i32(lc, static_cast<const int32_t*>(a.map), V, lv);
  if (a.out == Out::logprob) {
    const double lse = ops.logsumexp(lv, V);
    a.lse[t] = float(lse), a.logp[t] = float(double(lv[tgt]) - lse);
    return;
  }
  // loss_grad: softmax over V, then the gather's backward: ∂L_c[j] = Σ_{M(i)=j} p_i − [j = M(t)].
  softmax_row(ops, lv, V, p);
  float* g = a.grad + t * K;
  std::fill(g, g + K, 0.0f);
  if (a.map_int16) {
    const int16_t* m = static_cast<const int16_t*>(a.map);
    for (int64_t i = 0; i < V; ++i) g[m[i]] += p[i];
  } else {
    const int32_t* m = static_cast<const int32_t*>(a.map);
    for (int64_t i = 0; i < V; ++i) g[m[i]] += p[i];
  }
  a.loss[t] = float(neg_log(p[tgt], 0.0, [&] { return ops.logsumexp(lv, V) - double(lv[tgt]); }));
  g[map_at(a, tgt)] -= 1.0f;
}

// Softmax over codes of z_j = L_c[j] + log n_j: the probability of the code's tokens together.
void code_softmax(const Ops& ops, const VqArgs& a, const float* lc, float* z, float* q) {
  for (int64_t j = 0; j < a.codes; ++j) z[j] = lc[j] + a.log_counts[j];
  softmax_row(ops, z, a.codes, q);
}

void fused_token(const Ops& ops, const VqArgs& a, const float* lc, int64_t t, float* z, float* q) {
  const int64_t K = a.codes;
  auto log_z = [&] { return ops.logsumexp_add(lc, a.log_counts, K); };
  if (a.out == Out::logprob) {
    const double lse = log_z();
    a.lse[t] = float(lse), a.logp[t] = float(double(lc[map_at(a, a.targets[t])]) - lse);
    return;
  }
  if (a.out == Out::loss_grad) {
    float* g = a.grad + t * K;  // n_j·softmax(L_c)_j − [j = M(t)]
    code_softmax(ops, a, lc, z, g);
    const int32_t c = map_at(a, a.targets[t]);
    a.loss[t] = float(neg_log(g[c], a.log_counts[c], [&] { return log_z() - double(lc[c]); }));
    g[c] -= 1.0f;
    return;
  }
  // sample: a code by n_j·exp(L_c[j]) (u1), then one of its n_c tokens uniformly (u2).
  code_softmax(ops, a, lc, z, q);
  const double u1 = a.u[2 * t], u2 = a.u[2 * t + 1];
  const int64_t c = ops.cdf_search(q, K, u1);
  const int64_t first = a.code_offsets[c], n = a.code_offsets[c + 1] - first;
  a.token[t] = a.code_tokens[first + std::min<int64_t>(n - 1, int64_t(u2 * double(n)))];
  a.logp[t] = float(-neg_log(q[c], a.log_counts[c], [&] { return log_z() - double(lc[c]); }));
}

}  // namespace

void run(Path path, Gemm gemm, const Ops& ops, const VqArgs& a) {
  float* ws = a.workspace;
  const float* logits = layer_logits(gemm, ops, a, ws);
  const int64_t width = a.layer == Layer::dense ? a.vocab : a.codes;
  const int64_t extra = path == Path::gather ? a.vocab : a.codes;  // per-token scratch rows
  for (int64_t t = 0; t < a.tokens; ++t) {
    const float* row = logits + t * width;
    if (path == Path::dense) dense_token(ops, a, row, t);
    if (path == Path::gather) gather_token(ops, a, row, t, ws, ws + extra);
    if (path == Path::fused) fused_token(ops, a, row, t, ws, ws + extra);
  }
}

template <Path P>
size_t workspace(const Problem& p) {
  const int64_t T = p.dim("tokens"), V = p.dim("vocab"), K = p.dim("codes");
  const bool hidden = p.option("from") == "hidden", dense = p.option("layer") == "dense";
  size_t floats = hidden ? size_t(T * (dense ? V : K)) : 0;  // the layer's logits
  if (P == Path::gather) floats += size_t(2 * V);            // L_v and its softmax
  if (P == Path::fused) floats += size_t(2 * K);             // z and its softmax
  return floats * sizeof(float);
}
template size_t workspace<Path::dense>(const Problem&);
template size_t workspace<Path::gather>(const Problem&);
template size_t workspace<Path::fused>(const Problem&);

}  // namespace hotops::vq_logits
