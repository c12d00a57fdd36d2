// Symmetric group quantizers of the ShiftQuant family (README.md, "our reading"): a row-major
// rows×cols f32 matrix is quantized in groups of `group` consecutive elements along its rows
// (Along::rows: groups of columns, one scale per (row, group)) or along its columns (Along::cols:
// groups of rows, one scale per (group, column)) — whichever is the reduction dimension of the
// GEMM that consumes it. Codes are q ∈ [−qmax, qmax], qmax = 2^(bits−1) − 1.
//
//   pow2  (ShiftQuant) scale 2^e, e the smallest integer with amax ≤ qmax·2^e, in [−126, 127];
//         then every row's (Along::rows) or column's (Along::cols) exponents are raised to at
//         least its maximum − kMaxSpread, so the shift-combining GEMM stays exact in int64
//         (a group whose amax is below 2^−15 of its neighbours' gets a coarser step). q = x·2^−e
//         rounded: exact scaling, one rounding.
//   fp    float scale s = amax/qmax per group, inverse qmax/amax (both f32 divisions); an
//         all-zero group (or one whose inverse overflows) has s = 0 and codes 0.
//   row   fp with one group spanning the whole row (Along::rows) or column (Along::cols).
//
// Rounding: nearest (ties to even) of x·inv, or stochastic: floor(fma(x, inv, u)) with
// u = (hash(seed, stream, index) >> 8)·2^−24, index = r·cols + c — seeded, reproducible, the same
// in every implementation. Results are clamped to ±qmax.
#pragma once
#include <cstdint>

#include "gemm/gemm.h"

namespace hotops::shiftquant {

enum class Scale : uint8_t { pow2, fp, row };
enum class Along : uint8_t { rows, cols };
enum class QIsa : uint8_t { scalar, avx2, avx512f };

inline constexpr int kMaxSpread = gemm::kMaxShiftSpread;
inline constexpr int kMinExp = -126, kMaxExp = 127;

struct QuantSpec {
  int bits;         // 8, 6 or 4
  Scale scale;
  int64_t group;    // pow2 / fp: elements per group (the last may be shorter)
  bool stochastic;  // else round to nearest
  uint64_t seed = 0;
  uint32_t stream = 0;  // tells apart the quantizations of one tensor in a step
};

// Codes: int8 storage, or int4 packed two per byte (element r·cols + c, low nibble first).
// Exactly one of exps (pow2) and scales (fp, row) is used.
struct QuantOut {
  void* codes;
  bool int4;
  int8_t* exps;
  float* scales;
};

inline int qmax(int bits) { return (1 << (bits - 1)) - 1; }
// Groups along the quantized direction of a rows×cols matrix (1 for Scale::row).
int64_t quant_groups(const QuantSpec& s, Along along, int64_t rows, int64_t cols);

// The counter-based hash behind stochastic rounding (murmur3's finalizer on the index plus a
// key mixed from seed and stream); u = (hash >> 8)·2^−24 ∈ [0, 1).
constexpr uint32_t fmix32(uint32_t h) {
  h ^= h >> 16, h *= 0x85ebca6bu, h ^= h >> 13, h *= 0xc2b2ae35u, h ^= h >> 16;
  return h;
}
constexpr uint32_t sr_key(uint64_t seed, uint32_t stream) {
  return fmix32(uint32_t(seed) ^ fmix32(uint32_t(seed >> 32) ^ fmix32(stream + 0x9e3779b9u)));
}

// Quantizes x (rows×cols, row-major, ld = cols) into out. Single-threaded; the first call on a
// thread allocates that thread's small work rows.
void quantize(QIsa isa, const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols,
              const QuantOut& out);

// Per ISA (quantize_<isa>.cpp); quantize() dispatches.
void quantize_scalar(const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols, const QuantOut& out);
void quantize_avx2(const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols, const QuantOut& out);
void quantize_avx512f(const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols, const QuantOut& out);

}  // namespace hotops::shiftquant
