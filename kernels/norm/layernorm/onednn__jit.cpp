// oneDNN layer normalization forward (inference: statistics computed, not saved) as a
// peer: dims {rows, d}, plain row-major layout, f32 or bf16 data, f32 scale and shift.
#include <fmt/format.h>

#include "norm/layernorm/layernorm.h"
#include "peers/onednn.h"

namespace hotops::norm::layernorm {
namespace {

namespace od = peers::onednn;

dnnl::layer_normalization_forward::primitive_desc make_pd(int64_t rows, int64_t d, DType t) {
  using dnnl::memory;
  const memory::desc md({rows, d}, t == DType::bf16 ? memory::data_type::bf16 : memory::data_type::f32,
                        memory::format_tag::ab);
  const dnnl::layer_normalization_forward::desc desc(
      dnnl::prop_kind::forward_inference, md, kEps,
      dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift);
  return dnnl::layer_normalization_forward::primitive_desc(desc, od::attr(), od::engine());
}

}  // namespace

std::string onednn_unsupported(const Problem& p) {
  const DType t = p.dtype();
  if (t == DType::int8) return "oneDNN 2.x layer normalization has no int8 data type";
  try {
    make_pd(1, p.dim("d"), t);
    return {};
  } catch (const dnnl::error& e) {
    return fmt::format("oneDNN has no {} layer normalization on this CPU ({})", dtype_name(t), e.what());
  }
}

void onednn__jit(const RowNormArgs& a) {
  od::Primitive& p = od::cached(
      {a.dtype == DType::bf16 ? "layernorm_fwd_bf16" : "layernorm_fwd_f32", {a.rows, a.d}, a.threads},
      {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_SCALE, DNNL_ARG_SHIFT}, [&] { return make_pd(a.rows, a.d, a.dtype); });
  p.run({a.x, a.y, a.gamma, a.beta});
}

}  // namespace hotops::norm::layernorm
