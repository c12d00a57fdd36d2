// kernels/gemm: packed, register-blocked matrix products for the families that need one
// (ShiftQuant's training step, attention, VQ-logits). See kernels/gemm/README.md.
//
//   C (m×n, row-major, ldc) = op(A)·op(B),   op(A) is m×k, op(B) is k×n, op(X) = X or Xᵀ
//
// Every function is single-threaded unless `threads` > 1 (then rows of C are split across
// OpenMP threads). The first call on a thread allocates that thread's packing buffers; later
// calls of the same or smaller size allocate nothing. Each function takes the ISA it computes
// with; the caller checks the CPU (core/isa.h). Unsupported (function, ISA) pairs throw
// std::invalid_argument, as do shapes and scales outside the documented limits.
#pragma once
#include <cstdint>

#include "core/bf16.h"

namespace hotops::gemm {

enum class Isa : uint8_t {
  scalar,          // reference loops, no packing: obviously right, slow
  avx2,            // f32 FMA 6×16; int8 vpmaddubsw + vpmaddwd (sign trick, no int16 saturation)
  avxvnni,         // int8 vpdpbusd on 256-bit vectors (VEX)
  avx512vnni_ymm,  // the avxvnni int8 code compiled with EVEX encodings (AVX512-VNNI + VL)
  avx512f,         // f32 FMA 12×32 (also fp16 storage)
  avx512vnni,      // int8 vpdpbusd on 512-bit vectors
  avx512bf16,      // bf16 vdpbf16ps
};
const char* isa_name(Isa isa);

struct Dims {
  int64_t m, n, k;
};

// A stored row-major matrix: element (r, c) is data[r·ld + c]; the product reads op(X) = X
// (trans = false) or Xᵀ (trans = true). So A is stored m×k, or k×m when trans.
template <class T>
struct Mat {
  const T* data;
  int64_t ld;
  bool trans = false;
};

// Symmetric integer codes: int8 storage holding values in [-127, 127] (8-, 6- or 4-bit codes), or
// int4 packed two per byte (element r·ld + c: byte (r·ld + c)/2, low nibble first; values in
// [-7, 7]). The −128 (−8) code is never used: symmetric quantizers do not produce it.
struct IntMat {
  const void* data;
  int64_t ld;
  bool trans = false;
  bool int4 = false;
};

// One scale (float) or power-of-two exponent (int8) per (row of op(A) | column of op(B), K-group):
// the value for index r and group g is data[r·rs + g·gs]. Groups are consecutive runs of `group`
// reduction indices (`group`: a power of two in [4, 4096]); the last one may be shorter.
template <class T>
struct GroupScale {
  const T* data;
  int64_t rs, gs;
};

// ---- floating point: f32 accumulation, C = op(A)·op(B) (+ C when accumulate) ------------------
void f32(Isa isa, Dims d, Mat<float> a, Mat<float> b, float* c, int64_t ldc, bool accumulate = false, int threads = 1);
// fp16 storage, converted to f32 while packing (F16C), f32 FMA: this CPU family has no fp16
// arithmetic. ISAs: scalar, avx2, avx512f.
void f16(Isa isa, Dims d, Mat<hotops::f16> a, Mat<hotops::f16> b, float* c, int64_t ldc, bool accumulate = false,
         int threads = 1);
// bf16 storage: products of bf16 pairs summed in f32 (vdpbf16ps). ISAs: scalar, avx512bf16.
void bf16(Isa isa, Dims d, Mat<hotops::bf16> a, Mat<hotops::bf16> b, float* c, int64_t ldc, bool accumulate = false,
          int threads = 1);

// ---- integer -----------------------------------------------------------------------------------
// Exact s32 product of integer codes (no groups): c = op(A)·op(B). Needs k ≤ max_k_s32().
void s8(Isa isa, Dims d, IntMat a, IntMat b, int32_t* c, int64_t ldc, int threads = 1);
// The same product dequantized per row of op(A) and column of op(B): c = sa[i]·sb[j]·(A·B)[i][j],
// rounded once from the exact integer.
void s8_scaled(Isa isa, Dims d, IntMat a, const float* sa, IntMat b, const float* sb, float* c, int64_t ldc,
               int threads = 1);
// Largest k for which s8 cannot overflow s32 (whatever the ISA's intermediate sums).
int64_t max_k_s32();

// ShiftQuant: power-of-two scales per K-group, 2^ea(i,g) and 2^eb(g,j). The s32 partial sum P_g of
// each group is shifted left by (ea(i,g) − min_g ea(i,·)) + (eb(g,j) − min_g eb(·,j)) and added
// into an int64 accumulator: exact, no float operation per group, no rearrangement. Output:
// that accumulator (units of 2^(min ea(i,·) + min eb(·,j))), or its dequantized f32 value.
// Needs every row's and column's exponents in [-126, 127] with a spread ≤ kMaxShiftSpread, and
// k ≤ max_k_shift(): then no sum can leave int64 (|acc| ≤ k·127²·2^(2·15)).
inline constexpr int kMaxShiftSpread = 15;
int64_t max_k_shift();
void shift(Isa isa, Dims d, int group, IntMat a, GroupScale<int8_t> ea, IntMat b, GroupScale<int8_t> eb, int64_t* c,
           int64_t ldc, int threads = 1);
void shift_dequant(Isa isa, Dims d, int group, IntMat a, GroupScale<int8_t> ea, IntMat b, GroupScale<int8_t> eb,
                   float* c, int64_t ldc, int threads = 1);

// Float-scale groups, combined in the K loop: c = Σ_g sa(i,g)·sb(g,j)·P_g, one f32 multiply
// (scale product) and one FMA per group partial, in group order.
void group_fma(Isa isa, Dims d, int group, IntMat a, GroupScale<float> sa, IntMat b, GroupScale<float> sb, float* c,
               int64_t ldc, int threads = 1);
// Float-scale groups by rearrangement: A and B copied group-major, one exact s32 GEMM per group
// (the s8 kernel), each combined into c in f32 after it: c += (sa(i,g)·sb(g,j))·P_g. Same
// arithmetic as group_fma, in the same order; the cost of the copies and of the M×N passes is the point.
void group_rearranged(Isa isa, Dims d, int group, IntMat a, GroupScale<float> sa, IntMat b, GroupScale<float> sb,
                      float* c, int64_t ldc, int threads = 1);

}  // namespace hotops::gemm
