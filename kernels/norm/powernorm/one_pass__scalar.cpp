// PowerNorm training forward: normalize by the running ψ and accumulate Σx² in one pass (common/channel.h).
#include "core/simd/scalar.h"
#include "norm/common/channel.h"

namespace hotops::norm::powernorm {
void one_pass__scalar(const ChannelNormArgs& a) { channel_affine<simd::Scalar>(a); }
}  // namespace hotops::norm::powernorm
