// Integer GEMMs on AVX2: vpmaddubsw needs an unsigned operand, so products a·b are formed as
// |a|·sign(b, a) (vpsignb): both factors stay in [-127, 127], a pair sums to at most
// 2·127·127 = 32258 < 32767, so the int16 step can never saturate; vpmaddwd then sums pairs
// into int32. No offset, no correction.
#include "gemm/int8_256.h"
#include "gemm/int_job.h"

namespace hotops::gemm {
namespace {

struct SignDot {
  static constexpr int kOffsetB = 0;
  static __m256i dot(__m256i acc, __m256i a, __m256i b) {
    const __m256i pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(a), _mm256_sign_epi8(b, a));
    return _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
  }
};
using V = Int256<SignDot>;

}  // namespace

namespace impl {

void int_avx2(const IntCall& c) { run_int_call<V, 4, 2, 2>(c); }
void rearranged_avx2(const IntCall& c) { run_rearranged<V, 4, 2>(c); }

}  // namespace impl
}  // namespace hotops::gemm
