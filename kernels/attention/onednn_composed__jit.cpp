// oneDNN composed attention as a peer: per head, three primitives — matmul S = s·Q·Kᵀ (Kᵀ read
// through strides, the scale as an output scale), softmax over each row of S in place, matmul
// O = P·V — with the n·kv scores in the workspace, as a framework without a fused kernel runs it.
// oneDNN picks its own kernels (JIT for the host ISA); one head after another.
#include "attention/attention.h"
#include "peers/onednn.h"

namespace hotops::attention {

void onednn_composed__jit(const AttnArgs& a) {
  namespace od = peers::onednn;
  using dnnl::memory;
  using tag = memory::format_tag;
  const memory::data_type f32 = memory::data_type::f32;
  const int64_t n = a.n, nk = a.nk, d = a.d;
  const memory::desc qd({n, d}, f32, tag::ab), kt({d, nk}, f32, memory::dims{1, d}), sd({n, nk}, f32, tag::ab);
  const memory::desc vd({nk, d}, f32, tag::ab);
  od::Primitive& scores = od::cached({"attn_qk_f32", {n, nk, d}, a.threads}, {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                                     [&] {
                                       dnnl::primitive_attr at = od::attr();
                                       at.set_output_scales(0, {a.scale});
                                       return dnnl::matmul::primitive_desc(dnnl::matmul::desc(qd, kt, sd), at, od::engine());
                                     });
  od::Primitive& softmax = od::cached({"attn_softmax_f32", {n, nk}, a.threads}, {DNNL_ARG_SRC, DNNL_ARG_DST}, [&] {
    const dnnl::softmax_v2_forward::desc s(dnnl::prop_kind::forward_inference, dnnl::algorithm::softmax_accurate, sd, sd,
                                           1);
    return dnnl::softmax_v2_forward::primitive_desc(s, od::attr(), od::engine());
  });
  od::Primitive& pv = od::cached({"attn_pv_f32", {n, nk, d}, a.threads}, {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, [&] {
    return dnnl::matmul::primitive_desc(dnnl::matmul::desc(sd, vd, qd), od::attr(), od::engine());
  });
  float* s = static_cast<float*>(a.workspace);
  for (int64_t h = 0; h < a.heads; ++h) {
    const float* q = static_cast<const float*>(a.q) + h * n * d;
    const float* k = static_cast<const float*>(a.k) + h * nk * d;
    const float* v = static_cast<const float*>(a.v) + h * nk * d;
    scores.run({q, k, s});
    softmax.run({s, s});
    pv.run({s, v, static_cast<float*>(a.o) + h * n * d});
  }
}

}  // namespace hotops::attention
