#include "vq_logits/rules.h"

#include "vq_logits/model.h"
#ifdef HOTOPS_HAVE_ONEDNN
#include "peers/isa.h"
#endif

namespace hotops::vq_logits {
namespace {

std::string path_reason(Path path, const Shape& s) {
  if (path == Path::dense && s.layer != Layer::dense) return "the dense path computes layer=dense (W, V × d)";
  if (path != Path::dense && s.layer != Layer::codebook) return "a codebook path computes layer=codebook (C and M)";
  if (path == Path::gather && s.out == Out::sample)
    return "sampling is the fused path's: a V-wide draw takes other uniforms, so its tokens cannot be checked "
           "against the factorised draw (README.md)";
  return "";
}

std::string onednn_bf16_reason(const Shape& s) {
#ifdef HOTOPS_HAVE_ONEDNN
  if (s.bf16 && !std::string_view(peers::onednn_isa().name).starts_with("avx512"))
    return "oneDNN 2.6 has no bf16 matmul below AVX-512 on this CPU";
#endif
  (void)s;
  return "";
}

}  // namespace

template <Path P>
std::string own_unsupported(const Problem& p) {
  const Shape s(p);
  if (std::string why = path_reason(P, s); !why.empty()) return why;
  if (s.from == From::hidden && s.T > 1)
    return "our GEMV streams the weights once per token (T = 1, decode); T > 1 is the *_matmul__jit variants' GEMM";
  return "";
}

template <Path P>
std::string matmul_unsupported(const Problem& p) {
  const Shape s(p);
  if (std::string why = path_reason(P, s); !why.empty()) return why;
  if (s.from == From::logits) return "no GEMM when the logits are given (from=logits): the per-ISA variants run it";
  return onednn_bf16_reason(s);
}

std::string peer_unsupported(const Problem& p) {
  const Shape s(p);
  if (s.layer != Layer::dense) return "the oneDNN peer is the dense layer (matmul, then oneDNN's log-softmax)";
  return onednn_bf16_reason(s);
}

Work gather_traffic(const Problem& p, const Work& minimum) {
  const Shape s(p);
  const double tv = double(s.T) * double(s.V), grad = s.out == Out::loss_grad ? 1 : 0;
  Work w = minimum;
  w.bytes_read += tv * (s.map_int16 ? 2 : 4) * (1 + grad);  // M, and again for the scatter-add
  w.exp = tv * (1 + grad);                                  // the two-pass softmax evaluates exp twice
  w.f32 += tv * (3 + 2 * grad);
  return w;
}

template std::string own_unsupported<Path::dense>(const Problem&);
template std::string own_unsupported<Path::gather>(const Problem&);
template std::string own_unsupported<Path::fused>(const Problem&);
template std::string matmul_unsupported<Path::dense>(const Problem&);
template std::string matmul_unsupported<Path::gather>(const Problem&);
template std::string matmul_unsupported<Path::fused>(const Problem&);

}  // namespace hotops::vq_logits
