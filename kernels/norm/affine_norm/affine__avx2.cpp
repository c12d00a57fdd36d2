// Per-channel affine from running statistics (common/channel.h); f32 or bf16 storage.
#include "norm/affine_norm/affine_norm.h"
#include "norm/common/channel.h"
#include "norm/common/simd_avx2.h"

namespace hotops::norm::affine_norm {
void affine__avx2(const ChannelNormArgs& a) { channel_affine<Avx2>(a); }
}  // namespace hotops::norm::affine_norm
