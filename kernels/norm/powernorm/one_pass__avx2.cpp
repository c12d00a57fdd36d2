// PowerNorm training forward: normalize by the running ψ and accumulate Σx² in one pass (common/channel.h).
#include "core/simd/avx2.h"
#include "norm/common/channel.h"

namespace hotops::norm::powernorm {
void one_pass__avx2(const ChannelNormArgs& a) { channel_affine<simd::Avx2>(a); }
}  // namespace hotops::norm::powernorm
