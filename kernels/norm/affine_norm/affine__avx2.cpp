// Per-channel affine from running statistics (common/channel.h); f32 or bf16 storage.
#include "core/simd/avx2.h"
#include "norm/affine_norm/affine_norm.h"
#include "norm/common/channel.h"

namespace hotops::norm::affine_norm {
void affine__avx2(const ChannelNormArgs& a) { channel_affine<simd::Avx2>(a); }
}  // namespace hotops::norm::affine_norm
