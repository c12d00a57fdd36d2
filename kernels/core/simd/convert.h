// Element conversions of the vector traits (avx2.h, avx512.h), written once over their integer
// lane operations: bf16 and int8 loads and stores. A trait derives from Convert<itself>, says
// `using Convert::load, Convert::store`, and provides, for its integer vector B:
//   bits(V) / from_bits(B)      reinterpretation
//   slli_i32 srli_i32 and_i or_i add_i32 set1_i32
//   nan_select(v, a, b)         a in the lanes where v is NaN, else b
//   widen_u16(const bf16*)      W elements zero-extended to 32-bit lanes
//   widen_i8(const int8_t*)     W elements sign-extended to 32-bit lanes
//   to_float(B) / to_int(V)     cvtdq2ps / cvtps2dq (nearest even)
//   narrow_u16(bf16*, B)        stores the low 16 bits of each lane
//   narrow_i8(int8_t*, B[, B])  stores W (or 2·W) lanes saturated to int8
// Include after the trait's header; like the traits, everything here has internal linkage.
#pragma once
#include <cstdint>

#include "core/bf16.h"

namespace hotops::simd {
namespace {

template <class S>
struct Convert {
  static auto load(const bf16* p) { return S::from_bits(S::slli_i32(S::widen_u16(p), 16)); }
  static auto load(const int8_t* p) { return S::to_float(S::widen_i8(p)); }
  // Nearest even, as f32_to_bf16 (core/bf16.h); NaN stays a (quiet) NaN.
  template <class V>
  static void store(bf16* p, V v) {
    const auto u = S::bits(v);
    const auto odd = S::and_i(S::srli_i32(u, 16), S::set1_i32(1));
    const auto r = S::add_i32(u, S::add_i32(S::set1_i32(0x7fff), odd));
    S::narrow_u16(p, S::srli_i32(S::nan_select(v, S::or_i(u, S::set1_i32(0x400000)), r), 16));
  }
  // Nearest even (cvtps2dq in the default mode), saturated to int8. Only the top needs
  // clamping: cvtps2dq turns anything below −2^31 into −2^31, which saturates to −128 (NaN,
  // which int8 inputs cannot produce, comes out as 127).
  template <class V>
  static void store(int8_t* p, V v) {
    S::narrow_i8(p, S::to_int(S::min(v, S::set1(127.0f))));
  }
  template <class V>
  static void store2(int8_t* p, V lo, V hi) {  // two vectors at once: one pack where the ISA has it
    const V top = S::set1(127.0f);
    S::narrow_i8(p, S::to_int(S::min(lo, top)), S::to_int(S::min(hi, top)));
  }
};

}  // namespace
}  // namespace hotops::simd
