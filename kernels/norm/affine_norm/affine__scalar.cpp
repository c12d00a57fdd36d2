// Per-channel affine from running statistics (common/channel.h); f32 or bf16 storage.
#include "core/simd/scalar.h"
#include "norm/affine_norm/affine_norm.h"
#include "norm/common/channel.h"

namespace hotops::norm::affine_norm {
void affine__scalar(const ChannelNormArgs& a) { channel_affine<simd::Scalar>(a); }
}  // namespace hotops::norm::affine_norm
