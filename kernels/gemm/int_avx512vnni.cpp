// Integer GEMMs on AVX512-VNNI: vpdpbusd on 512-bit vectors (u8 · s8: B packed as b + 128, each
// row's partial starts at −128·Σa), 12×32 tiles for the plain product, 4×32 for the grouped ones
// (their int64 / f32 accumulators and int32 group partials all stay in the 32 registers).
// Also the avxvnni code with EVEX encodings (avx512vnni_ymm), which is how that code is tested.
#include "gemm/int8_256.h"
#include "gemm/int_job.h"

namespace hotops::gemm {
namespace {

struct Vnni512 {
  using PA = int8_t;
  using PB = uint8_t;
  using Acc = __m512i;
  using A = __m512i;
  using B = __m512i;
  using Acc64 = __m512i;
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

  static Acc64 zero64() { return _mm512_setzero_si512(); }
  static void shift_add(Acc64 (&acc)[2], Acc p, int64_t ash, const int64_t* bsh) {
    const __m512i sa = _mm512_set1_epi64(ash);
    const __m512i lo = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(p));
    const __m512i hi = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(p, 1));
    acc[0] = _mm512_add_epi64(acc[0], _mm512_sllv_epi64(lo, _mm512_add_epi64(sa, _mm512_load_si512(bsh))));
    acc[1] = _mm512_add_epi64(acc[1], _mm512_sllv_epi64(hi, _mm512_add_epi64(sa, _mm512_load_si512(bsh + 8))));
  }
  static void store64(int64_t* p, const Acc64 (&v)[2]) {
    _mm512_store_si512(p, v[0]);
    _mm512_store_si512(p + 8, v[1]);
  }

  static AccF loadf(const float* p) { return _mm512_load_ps(p); }
  static void fma_add(AccF& acc, Acc p, float sa, const float* sb) {
    acc = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_set1_ps(sa), _mm512_load_ps(sb)), _mm512_cvtepi32_ps(p), acc);
  }
  static void storef(float* p, AccF v) { _mm512_store_ps(p, v); }
};

struct EvexDot {
  static constexpr int kOffsetB = 128;
  static __m256i dot(__m256i acc, __m256i a, __m256i b) { return _mm256_dpbusd_epi32(acc, b, a); }
};
using Ymm = Int256<EvexDot>;

}  // namespace

namespace impl {

void int_avx512vnni(const IntCall& c) {
  switch (c.out) {
    case IntOut::s32:
    case IntOut::s32_scaled: return run_int<Vnni512, 12, 2, IntMode::plain>(c);
    case IntOut::shift_s64:
    case IntOut::shift_f32: return run_int<Vnni512, 4, 2, IntMode::shift>(c);
    case IntOut::fma_f32: return run_int<Vnni512, 4, 2, IntMode::fma>(c);
  }
}
void rearranged_avx512vnni(const IntCall& c) { run_rearranged<Vnni512, 12, 2>(c); }

// Same tile shapes as int_avxvnni.cpp: this is that code, EVEX-encoded.
void int_avx512vnni_ymm(const IntCall& c) {
  switch (c.out) {
    case IntOut::s32:
    case IntOut::s32_scaled: return run_int<Ymm, 6, 2, IntMode::plain>(c);
    case IntOut::shift_s64:
    case IntOut::shift_f32: return run_int<Ymm, 2, 2, IntMode::shift>(c);
    case IntOut::fma_f32: return run_int<Ymm, 2, 2, IntMode::fma>(c);
  }
}
void rearranged_avx512vnni_ymm(const IntCall& c) { run_rearranged<Ymm, 6, 2>(c); }

}  // namespace impl
}  // namespace hotops::gemm
