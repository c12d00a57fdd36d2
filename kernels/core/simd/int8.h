// Exact integer sums over an int8 row, generic over a SIMD trait (core/simd/scalar.h): Σq,
// Σ|q − mu| and Σq², in int64. psadbw sums |a − b| of unsigned bytes into 64-bit lanes, and
// q ^ 0x80 = q + 128 maps int8 order onto uint8 order, so it gives Σ(q + 128) and Σ|q − mu|
// directly; Σq² takes pmaddwd on the sign-extended halves, its int32 lanes flushed to int64
// every 64 Ki elements so that no row length overflows them. Vector traits provide the byte
// vector B of kBytes lanes and its operations; the scalar trait adds in plain loops.
// Include after the trait's header; like the traits, everything here has internal linkage.
#pragma once
#include <cstdint>
#include <cstdlib>

namespace hotops::simd {
namespace {

template <class S>
int64_t i8_sum(const int8_t* p, int64_t n) {
  int64_t s = 0, j = 0;
  if constexpr (S::W > 1) {
    const typename S::B bias = S::set1_u8(0x80);
    typename S::B acc = S::zero_i();
    for (; j + S::kBytes <= n; j += S::kBytes) acc = S::add_i64(acc, S::sad(S::xor_i(S::bytes(p + j), bias), S::zero_i()));
    s = S::hsum_i64(acc) - 128 * j;
  }
  for (; j < n; ++j) s += p[j];
  return s;
}

template <class S>
int64_t i8_sad(const int8_t* p, int64_t n, int mu) {
  int64_t s = 0, j = 0;
  if constexpr (S::W > 1) {
    const typename S::B bias = S::set1_u8(0x80), m = S::set1_u8(uint8_t(mu + 128));
    typename S::B acc = S::zero_i();
    for (; j + S::kBytes <= n; j += S::kBytes) acc = S::add_i64(acc, S::sad(S::xor_i(S::bytes(p + j), bias), m));
    s = S::hsum_i64(acc);
  }
  for (; j < n; ++j) s += std::abs(p[j] - mu);
  return s;
}

template <class S>
void i8_sum_sumsq(const int8_t* p, int64_t n, int64_t& sum, int64_t& sumsq) {
  int64_t s = 0, q = 0, j = 0;
  if constexpr (S::W > 1) {
    const typename S::B bias = S::set1_u8(0x80);
    typename S::B acc_s = S::zero_i();
    while (j + S::kBytes <= n) {
      const int64_t end = j + 65536 < n ? j + 65536 : n;
      typename S::B acc_q = S::zero_i();
      for (; j + S::kBytes <= end; j += S::kBytes) {
        const typename S::B b = S::bytes(p + j);
        acc_s = S::add_i64(acc_s, S::sad(S::xor_i(b, bias), S::zero_i()));
        acc_q = S::add_i32(acc_q, S::squares(b));
      }
      q += S::hsum_u32(acc_q);
    }
    s = S::hsum_i64(acc_s) - 128 * j;
  }
  for (; j < n; ++j) s += p[j], q += p[j] * p[j];
  sum = s, sumsq = q;
}

}  // namespace
}  // namespace hotops::simd
