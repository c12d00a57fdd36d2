// oneDNN as the dense layer's peer: its matmul for the logits (from=hidden), its log-softmax over
// V, and for the gradient its exp of the log-probabilities (softmax = exp(log-softmax)).
#include <cstddef>

#include "core/problem.h"
#include "peers/onednn.h"
#include "vq_logits/matmul.h"
#include "vq_logits/paths.h"
#include "vq_logits/vq_logits.h"

namespace hotops::vq_logits {
namespace {

namespace od = peers::onednn;
using dnnl::memory;

void log_softmax(const float* x, int64_t rows, int64_t n, float* y, int threads) {
  od::Primitive& p = od::cached({"vq_log_softmax_f32", {rows, n}, threads}, {DNNL_ARG_SRC, DNNL_ARG_DST}, [&] {
    const memory::desc md({rows, n}, memory::data_type::f32, memory::format_tag::ab);
    const dnnl::softmax_v2_forward::desc d(dnnl::prop_kind::forward_inference, dnnl::algorithm::softmax_log, md, md, 1);
    return dnnl::softmax_v2_forward::primitive_desc(d, od::attr(), od::engine());
  });
  p.run({x, y});
}

void exp(const float* x, int64_t count, float* y, int threads) {
  od::Primitive& p = od::cached({"vq_exp_f32", {count}, threads}, {DNNL_ARG_SRC, DNNL_ARG_DST}, [&] {
    const memory::desc md({count}, memory::data_type::f32, memory::format_tag::a);
    const dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, dnnl::algorithm::eltwise_exp, md);
    return dnnl::eltwise_forward::primitive_desc(d, od::attr(), od::engine());
  });
  p.run({x, y});
}

}  // namespace

size_t peer_workspace(const Problem& p) {
  const size_t tv = size_t(p.dim("tokens") * p.dim("vocab"));
  return (p.option("from") == "hidden" ? 2 : 1) * tv * sizeof(float);
}

void onednn__jit(const VqArgs& a) {
  const int64_t T = a.tokens, V = a.vocab;
  float* ls = a.workspace;  // T × V log-probabilities, after the logits when they are ours
  const float* x = a.logits;
  if (a.from == From::hidden) {
    matmul_logits(a, V, a.workspace);
    x = a.workspace, ls = a.workspace + T * V;
  }
  log_softmax(x, T, V, ls, a.threads);
  if (a.out == Out::logprob) {
    for (int64_t t = 0; t < T; ++t) {
      const int64_t i = t * V + a.targets[t];
      a.logp[t] = ls[i], a.lse[t] = x[i] - ls[i];
    }
    return;
  }
  exp(ls, T * V, a.grad, a.threads);  // loss_grad (sampling is the fused path's)
  for (int64_t t = 0; t < T; ++t) {
    const int64_t i = t * V + a.targets[t];
    a.loss[t] = -ls[i], a.grad[i] -= 1.0f;
  }
}

}  // namespace hotops::vq_logits
