// PowerNorm training forward: normalize by the running ψ and accumulate Σx² in one pass (common/channel.h).
#include "norm/common/channel.h"
#include "norm/common/simd_scalar.h"
#include "norm/powernorm/powernorm.h"

namespace hotops::norm::powernorm {
void one_pass__scalar(const ChannelNormArgs& a) { channel_affine<Scalar>(a); }
}  // namespace hotops::norm::powernorm
