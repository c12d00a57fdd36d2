#include "vq_logits/matmul.h"

#include <stdexcept>

#ifdef HOTOPS_HAVE_ONEDNN
#include "peers/onednn.h"
#endif

namespace hotops::vq_logits {

void matmul_logits(const VqArgs& a, int64_t rows, float* out) {
#ifdef HOTOPS_HAVE_ONEDNN
  namespace od = peers::onednn;
  using dnnl::memory;
  const auto dt = a.bf16 ? memory::data_type::bf16 : memory::data_type::f32;
  od::Primitive& p = od::cached({a.bf16 ? "vq_matmul_bf16" : "vq_matmul_f32", {a.tokens, rows, a.d}, a.threads},
                                {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, [&] {
                                  // weights stored rows × d: as the d × rows operand, layout "ba"
                                  const memory::desc src({a.tokens, a.d}, dt, memory::format_tag::ab);
                                  const memory::desc wei({a.d, rows}, dt, memory::format_tag::ba);
                                  const memory::desc dst({a.tokens, rows}, memory::data_type::f32,
                                                         memory::format_tag::ab);
                                  const dnnl::matmul::desc d(src, wei, dst);
                                  return dnnl::matmul::primitive_desc(d, od::attr(), od::engine());
                                });
  p.run({a.h, a.weights, out});
#else
  (void)a, (void)rows, (void)out;
  throw std::logic_error("vq_logits: matmul variants need oneDNN, which this build lacks");
#endif
}

}  // namespace hotops::vq_logits
