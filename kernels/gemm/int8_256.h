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
  using Acc64 = __m256i;
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

  static Acc64 zero64() { return _mm256_setzero_si256(); }
  // acc += P << (a_shift + b_shift), P's 8 lanes widened to int64 in two halves.
  static void shift_add(Acc64 (&acc)[2], Acc p, int64_t ash, const int64_t* bsh) {
    const __m256i sa = _mm256_set1_epi64x(ash);
    const __m256i lo = _mm256_cvtepi32_epi64(_mm256_castsi256_si128(p));
    const __m256i hi = _mm256_cvtepi32_epi64(_mm256_extracti128_si256(p, 1));
    const __m256i* b = reinterpret_cast<const __m256i*>(bsh);
    acc[0] = _mm256_add_epi64(acc[0], _mm256_sllv_epi64(lo, _mm256_add_epi64(sa, _mm256_load_si256(b))));
    acc[1] = _mm256_add_epi64(acc[1], _mm256_sllv_epi64(hi, _mm256_add_epi64(sa, _mm256_load_si256(b + 1))));
  }
  static void store64(int64_t* p, const Acc64 (&v)[2]) {
    _mm256_store_si256(reinterpret_cast<__m256i*>(p), v[0]);
    _mm256_store_si256(reinterpret_cast<__m256i*>(p + 4), v[1]);
  }

  static AccF loadf(const float* p) { return _mm256_load_ps(p); }
  // acc += (a_scale · b_scale) · float(P): one multiply and one FMA per group partial.
  static void fma_add(AccF& acc, Acc p, float sa, const float* sb) {
    acc = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_set1_ps(sa), _mm256_load_ps(sb)), _mm256_cvtepi32_ps(p), acc);
  }
  static void storef(float* p, AccF v) { _mm256_store_ps(p, v); }
};

}  // namespace hotops::gemm
