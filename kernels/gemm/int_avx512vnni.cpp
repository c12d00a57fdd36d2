// Integer GEMMs on AVX512-VNNI: vpdpbusd on 512-bit vectors (u8 · s8: B packed as b + 128, each
// row's partial starts at −128·Σa), 12×32 tiles for the plain product, 6×32 for the grouped ones
// (their int32 group partials and int32 / f32 sums all stay in the 32 registers).
// Also the avxvnni code with EVEX encodings (avx512vnni_ymm), which is how that code is tested.
#include "gemm/int8_256.h"
#include "gemm/int_job.h"

// GCC 12's unmasked AVX-512 intrinsics pass self-initialized "undefined" vectors, which, once inlined
// into the functions compiled without tree-PRE (int_job.h), set off false -W(maybe-)uninitialized
// warnings (GCC bug 105593). The code reads no uninitialized value.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace hotops::gemm {
namespace {

struct Vnni512 {
  using PA = int8_t;
  using PB = uint8_t;
  using Acc = __m512i;
  using A = __m512i;
  using B = __m512i;
  using AccF = __m512;
  static constexpr int KU = 4, kAStep = 4, kBStep = 64, kLanes = 16, kOffsetB = 128;

  static Acc set1(int32_t v) { return _mm512_set1_epi32(v); }
  static A load_a(const int8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
  }
  static B load_b(const uint8_t* p) { return _mm512_load_si512(p); }
  static void step(Acc& c, A a, B b) { c = _mm512_dpbusd_epi32(c, b, a); }  // (b + 128) as u8 · a as s8
  static void store(int32_t* p, Acc v) { _mm512_store_si512(p, v); }
  static Acc load(const int32_t* p) { return _mm512_load_si512(p); }

  static Acc shift_add(Acc acc, Acc p, int32_t ash, const int32_t* bsh) {
    return _mm512_add_epi32(acc, _mm512_sllv_epi32(p, _mm512_add_epi32(_mm512_set1_epi32(ash), _mm512_load_si512(bsh))));
  }
  static void widen_add(int64_t* t, Acc v) {
    _mm512_store_si512(t, _mm512_add_epi64(_mm512_load_si512(t), _mm512_cvtepi32_epi64(_mm512_castsi512_si256(v))));
    _mm512_store_si512(t + 8, _mm512_add_epi64(_mm512_load_si512(t + 8), _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(v, 1))));
  }
  static void widen_shift_add(int64_t* t, Acc p, int32_t ash, const int32_t* bsh) {
    const __m512i sh = _mm512_add_epi32(_mm512_set1_epi32(ash), _mm512_load_si512(bsh));
    for (int h = 0; h < 2; ++h) {
      const __m256i ph = h ? _mm512_extracti64x4_epi64(p, 1) : _mm512_castsi512_si256(p);
      const __m256i sv = h ? _mm512_extracti64x4_epi64(sh, 1) : _mm512_castsi512_si256(sh);
      const __m512i add = _mm512_sllv_epi64(_mm512_cvtepi32_epi64(ph), _mm512_cvtepi32_epi64(sv));
      _mm512_store_si512(t + 8 * h, _mm512_add_epi64(_mm512_load_si512(t + 8 * h), add));
    }
  }

  static AccF loadf(const float* p) { return _mm512_load_ps(p); }
  static void fma_add(AccF& acc, Acc p, float sa, const float* sb) {
    acc = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_set1_ps(sa), _mm512_load_ps(sb)), _mm512_cvtepi32_ps(p), acc);
  }
  static void storef(float* p, AccF v) { _mm512_store_ps(p, v); }
};

}  // namespace

namespace impl {

void int_avx512vnni(const IntCall& c) { run_int_call<Vnni512, 12, 12, 2>(c); }
void rearranged_avx512vnni(const IntCall& c) { run_rearranged<Vnni512, 12, 2>(c); }

// Same tile shapes as int_avxvnni.cpp: this is that code, EVEX-encoded (int8_256.h).
void int_avx512vnni_ymm(const IntCall& c) { run_int_call<VnniYmm, 6, 3, 2>(c); }
void rearranged_avx512vnni_ymm(const IntCall& c) { run_rearranged<VnniYmm, 6, 2>(c); }

}  // namespace impl
}  // namespace hotops::gemm
