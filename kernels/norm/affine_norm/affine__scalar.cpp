// Per-channel affine from running statistics (common/channel.h); f32 or bf16 storage.
#include "norm/affine_norm/affine_norm.h"
#include "norm/common/channel.h"
#include "norm/common/simd_scalar.h"

namespace hotops::norm::affine_norm {
void affine__scalar(const ChannelNormArgs& a) { channel_affine<Scalar>(a); }
}  // namespace hotops::norm::affine_norm
