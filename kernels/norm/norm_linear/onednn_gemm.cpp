// oneDNN matmul with bias, f32, plain row-major layouts: the GEMM of both oneDNN variants.
#ifdef HOTOPS_HAVE_ONEDNN
#include "norm/norm_linear/norm_linear.h"
#include "peers/onednn.h"

namespace hotops::norm::norm_linear {

void onednn_gemm(int64_t rows, int64_t d, int64_t n, const float* x, const float* w, const float* bias, float* y,
                 int threads) {
  namespace od = peers::onednn;
  using dnnl::memory;
  od::Primitive& p = od::cached(
      {"matmul_bias_f32", {rows, d, n}, threads}, {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST}, [&] {
        const auto f32 = memory::data_type::f32;
        const memory::desc src({rows, d}, f32, memory::format_tag::ab), wei({d, n}, f32, memory::format_tag::ab);
        const memory::desc b({1, n}, f32, memory::format_tag::ab), dst({rows, n}, f32, memory::format_tag::ab);
        return dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, wei, b, dst), od::attr(), od::engine());
      });
  p.run({x, w, bias, y});
}

}  // namespace hotops::norm::norm_linear
#endif  // HOTOPS_HAVE_ONEDNN
