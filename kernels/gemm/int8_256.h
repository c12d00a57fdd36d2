// The 256-bit integer trait of int_job.h, shared by AVX2 (vpmaddubsw + vpmaddwd), AVX-VNNI and
// AVX512-VNNI-on-ymm (vpdpbusd, VEX or EVEX): they differ only in the dot product `Dot`:
//   Dot::kOffsetB, Dot::dot(acc, a, b) with a = 4 codes of one row of A broadcast (s8),
//   b = 8 columns × 4 codes of B (+ kOffsetB).
// Include only from files compiled with AVX2 + FMA (the ISA-suffixed int_<isa>.cpp files).
#pragma once
#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace hotops::gemm {

template <class Dot>
struct Int256 {
  using PA = int8_t;
  using PB = uint8_t;
  using Acc = __m256i;
  using A = __m256i;
  using B = __m256i;
  using AccF = __m256;
  static constexpr int KU = 4, kAStep = 4, kBStep = 32, kLanes = 8, kOffsetB = Dot::kOffsetB;

  static Acc set1(int32_t v) { return _mm256_set1_epi32(v); }
  static A load_a(const int8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
  }
  static B load_b(const uint8_t* p) { return _mm256_load_si256(reinterpret_cast<const __m256i*>(p)); }
  static void step(Acc& c, A a, B b) { c = Dot::dot(c, a, b); }
  static void store(int32_t* p, Acc v) { _mm256_store_si256(reinterpret_cast<__m256i*>(p), v); }
  static Acc load(const int32_t* p) { return _mm256_load_si256(reinterpret_cast<const __m256i*>(p)); }

  static Acc shift_add(Acc acc, Acc p, int32_t ash, const int32_t* bsh) {
    const __m256i sh = _mm256_add_epi32(_mm256_set1_epi32(ash), _mm256_load_si256(reinterpret_cast<const __m256i*>(bsh)));
    return _mm256_add_epi32(acc, _mm256_sllv_epi32(p, sh));
  }
  static void widen_add(int64_t* t, Acc v) {
    __m256i* d = reinterpret_cast<__m256i*>(t);
    _mm256_store_si256(d, _mm256_add_epi64(_mm256_load_si256(d), _mm256_cvtepi32_epi64(_mm256_castsi256_si128(v))));
    _mm256_store_si256(d + 1, _mm256_add_epi64(_mm256_load_si256(d + 1), _mm256_cvtepi32_epi64(_mm256_extracti128_si256(v, 1))));
  }
  static void widen_shift_add(int64_t* t, Acc p, int32_t ash, const int32_t* bsh) {
    const __m256i sh = _mm256_add_epi32(_mm256_set1_epi32(ash), _mm256_load_si256(reinterpret_cast<const __m256i*>(bsh)));
    __m256i* d = reinterpret_cast<__m256i*>(t);
    for (int h = 0; h < 2; ++h) {
      const __m128i ph = h ? _mm256_extracti128_si256(p, 1) : _mm256_castsi256_si128(p);
      const __m128i sv = h ? _mm256_extracti128_si256(sh, 1) : _mm256_castsi256_si128(sh);
      const __m256i add = _mm256_sllv_epi64(_mm256_cvtepi32_epi64(ph), _mm256_cvtepi32_epi64(sv));
      _mm256_store_si256(d + h, _mm256_add_epi64(_mm256_load_si256(d + h), add));
    }
  }

  static AccF loadf(const float* p) { return _mm256_load_ps(p); }
  // acc += (a_scale · b_scale) · float(P): one multiply and one FMA per group partial.
  static void fma_add(AccF& acc, Acc p, float sa, const float* sb) {
    acc = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_set1_ps(sa), _mm256_load_ps(sb)), _mm256_cvtepi32_ps(p), acc);
  }
  static void storef(float* p, AccF v) { _mm256_store_ps(p, v); }
};

#if defined(__AVXVNNI__) || defined(__AVX512VNNI__)
// vpdpbusd on ymm: B as u8 (packed as b + 128) · A as s8, summed in fours into int32 lanes (the
// row's partial starts at −128·Σa, int_job.h). One code, two encodings, picked by the including
// file's flags: EVEX with AVX512-VNNI + VL (int_avx512vnni.cpp: how this code is tested on CPUs
// without AVX-VNNI), else VEX (int_avxvnni.cpp). Internal linkage, so that the linker cannot
// merge the two encodings into one.
namespace {
struct VnniDot {
  static constexpr int kOffsetB = 128;
  static __m256i dot(__m256i acc, __m256i a, __m256i b) {
#ifdef __AVX512VNNI__
    return _mm256_dpbusd_epi32(acc, b, a);
#else
    return _mm256_dpbusd_avx_epi32(acc, b, a);
#endif
  }
};
using VnniYmm = Int256<VnniDot>;
}  // namespace
#endif

}  // namespace hotops::gemm
