// Inside the GEMM library: one call as the per-ISA entry points receive it (validated, rows
// [m0, m1) of C for this thread), and the thread's packing buffers.
#pragma once
#include <cstddef>
#include <cstdint>

#include "gemm/gemm.h"

namespace hotops::gemm::impl {

enum class Elem : uint8_t { f32, f16, bf16 };

// Integer products up to this k run as one reduction block: outputs that need the exact sum before
// rounding (s32_scaled, shift_f32) are written directly; longer ones go through an exact buffer.
inline constexpr int64_t kIntKC = 16384;

struct FloatCall {
  Dims d;
  int64_t m0, m1;  // rows of C this call computes
  Elem elem;
  const void* a;
  int64_t lda;
  bool ta;
  const void* b;
  int64_t ldb;
  bool tb;
  float* c;
  int64_t ldc;
  bool accumulate;
};

enum class IntOut : uint8_t {
  s32,         // exact s32, no groups
  s32_scaled,  // f32 = sa[i]·sb[j]·s32, no groups
  shift_s64,   // exact int64, power-of-two groups
  shift_f32,   // dequantized int64, power-of-two groups
  fma_f32,     // float-scale groups, combined by FMA in the K loop
};

struct IntCall {
  Dims d;
  int64_t m0, m1;
  IntOut out;
  int64_t group;  // reduction indices per group (k for s32 / s32_scaled)
  IntMat a, b;
  const float* sa = nullptr;  // s32_scaled: per row of op(A) / column of op(B)
  const float* sb = nullptr;
  GroupScale<int8_t> ea{}, eb{};  // shift: exponents
  const int8_t* amin = nullptr;   // shift: min over groups of each row / column (m / n values)
  const int8_t* bmin = nullptr;
  GroupScale<float> fa{}, fb{};  // fma: scales
  void* c;
  int64_t ldc;
};

// The thread's growable scratch buffer number `slot` (0..13: 0–7 and 11–13 the per-ISA jobs', 8–10 the dispatcher's), at least `bytes` long, 64-byte
// aligned. Contents are not preserved when it grows.
std::byte* scratch(int slot, size_t bytes);
template <class T>
T* scratch_as(int slot, size_t count) {
  return reinterpret_cast<T*>(scratch(slot, count * sizeof(T)));
}

// Per-ISA entry points (one file each; see gemm.cpp for which ISA serves which call).
void float_scalar(const FloatCall& c);
void float_avx2(const FloatCall& c);
void float_avx512f(const FloatCall& c);
void float_avx512bf16(const FloatCall& c);

void int_scalar(const IntCall& c);
void int_avx2(const IntCall& c);
void int_avxvnni(const IntCall& c);
void int_avx512vnni_ymm(const IntCall& c);
void int_avx512vnni(const IntCall& c);

// Float-scale groups by rearrangement (group-major copies, one s32 GEMM per group, f32 combine).
void rearranged_scalar(const IntCall& c);
void rearranged_avx2(const IntCall& c);
void rearranged_avxvnni(const IntCall& c);
void rearranged_avx512vnni_ymm(const IntCall& c);
void rearranged_avx512vnni(const IntCall& c);

// Reading one element of an integer operand: view index (r, k) of a panel source — r is a row of
// op(A) or a column of op(B), k the reduction index.
inline int int_at(const IntMat& x, bool is_b, int64_t r, int64_t k) {
  // op(A)(r, k): A[r][k] or A[k][r]; op(B)(k, r): B[k][r] or B[r][k].
  const bool r_major = is_b ? x.trans : !x.trans;
  const int64_t i = r_major ? r * x.ld + k : k * x.ld + r;
  if (!x.int4) return static_cast<const int8_t*>(x.data)[i];
  const uint8_t byte = static_cast<const uint8_t*>(x.data)[i >> 1];
  const int nibble = (i & 1) ? byte >> 4 : byte & 0xf;
  return nibble >= 8 ? nibble - 16 : nibble;
}

}  // namespace hotops::gemm::impl
