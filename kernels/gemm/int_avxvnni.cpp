// Integer GEMMs on AVX-VNNI: vpdpbusd (VEX, 256-bit) multiplies u8 by s8, so B is packed as
// b + 128 and each row's partial starts at −128·Σa (int_job.h). The same code, EVEX-encoded,
// runs as avx512vnni_ymm (int_avx512vnni.cpp): that is how it is tested on CPUs without AVX-VNNI.
#include "gemm/int8_256.h"
#include "gemm/int_job.h"

namespace hotops::gemm {
namespace {

struct VexDot {
  static constexpr int kOffsetB = 128;
  static __m256i dot(__m256i acc, __m256i a, __m256i b) { return _mm256_dpbusd_avx_epi32(acc, b, a); }
};
using V = Int256<VexDot>;

}  // namespace

namespace impl {

void int_avxvnni(const IntCall& c) { run_int_call<V, 6, 3, 2>(c); }
void rearranged_avxvnni(const IntCall& c) { run_rearranged<V, 6, 2>(c); }

}  // namespace impl
}  // namespace hotops::gemm
