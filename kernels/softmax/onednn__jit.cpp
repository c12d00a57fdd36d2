// oneDNN softmax forward (accurate algorithm: max, exp-sum, scale) as a peer: f32,
// dims {rows, n}, plain row-major layout, axis 1. oneDNN picks its own kernel (a JIT
// one for the host ISA where it has one; ONEDNN_VERBOSE=1 names it).
#include "peers/onednn.h"
#include "softmax/softmax.h"

namespace hotops::softmax {

void onednn__jit(const SoftmaxArgs& a) {
  namespace od = peers::onednn;
  using dnnl::memory;
  od::Primitive& p = od::cached({"softmax_fwd_f32", {a.rows, a.n}, a.threads}, {DNNL_ARG_SRC, DNNL_ARG_DST}, [&] {
    const memory::desc md({a.rows, a.n}, memory::data_type::f32, memory::format_tag::ab);
    const dnnl::softmax_v2_forward::desc d(dnnl::prop_kind::forward_inference, dnnl::algorithm::softmax_accurate, md,
                                           md, /*softmax_axis=*/1);
    return dnnl::softmax_v2_forward::primitive_desc(d, od::attr(), od::engine());
  });
  p.run({a.x, a.y});
}

}  // namespace hotops::softmax
