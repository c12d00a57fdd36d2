// oneDNN batch normalization forward inference with global (running) statistics as a
// peer, f32 or bf16 data, f32 scale and shift. Our rows × d tensor (channels innermost)
// is given as N = 1, C = d, H = rows, W = 1 in nhwc: the same bytes, and the layout
// oneDNN's JIT kernels take (its plain 2-D nc path measured ~20× slower).
#include <fmt/format.h>

#include "norm/affine_norm/affine_norm.h"
#include "peers/onednn.h"

namespace hotops::norm::affine_norm {
namespace {

namespace od = peers::onednn;

dnnl::batch_normalization_forward::primitive_desc make_pd(int64_t rows, int64_t d, DType t, float eps) {
  using dnnl::memory;
  const memory::desc md({1, d, rows, 1}, t == DType::bf16 ? memory::data_type::bf16 : memory::data_type::f32,
                        memory::format_tag::nhwc);
  using flags = dnnl::normalization_flags;
  const dnnl::batch_normalization_forward::desc desc(dnnl::prop_kind::forward_inference, md, eps,
                                                     flags::use_global_stats | flags::use_scale | flags::use_shift);
  return dnnl::batch_normalization_forward::primitive_desc(desc, od::attr(), od::engine());
}

}  // namespace

std::string onednn_unsupported(const Problem& p) {
  if (p.option("stats") != "mean_var") return "oneDNN batch normalization always subtracts a mean (stats=mean_var)";
  const DType t = p.dtype();
  try {
    make_pd(1, p.dim("d"), t, 1e-5f);
    return {};
  } catch (const dnnl::error& e) {
    return fmt::format("oneDNN has no {} batch normalization on this CPU ({})", dtype_name(t), e.what());
  }
}

void onednn__jit(const ChannelNormArgs& a) {
  od::Primitive& p =
      od::cached({a.dtype == DType::bf16 ? "bnorm_infer_bf16" : "bnorm_infer_f32", {a.rows, a.d}, a.threads},
                 {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_SCALE, DNNL_ARG_SHIFT},
                 [&] { return make_pd(a.rows, a.d, a.dtype, a.eps); });
  p.run({a.x, a.y, a.mean, a.var, a.gamma, a.beta});
}

}  // namespace hotops::norm::affine_norm
