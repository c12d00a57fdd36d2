// Scalar references of every GEMM of the library: direct loops over the stored operands, no
// packing, exact integer sums in int64. Slow on purpose — obviously right, and the definition the
// vector kernels are tested against (same rounding steps where the result is not exact).
#include <cmath>
#include <cstring>

#include "core/bf16.h"
#include "gemm/impl.h"

namespace hotops::gemm::impl {
namespace {

float float_at(Elem e, const void* p, int64_t i) {
  switch (e) {
    case Elem::f32: return static_cast<const float*>(p)[i];
    case Elem::f16: return f16_to_f32(static_cast<const hotops::f16*>(p)[i]);
    case Elem::bf16: return bf16_to_f32(static_cast<const hotops::bf16*>(p)[i]);
  }
  return 0;
}

float pow2(int e) { return std::ldexp(1.0f, e); }

// Σ_{k in [k0, k1)} op(A)(i, k)·op(B)(k, j), exactly.
int64_t dot(const IntCall& c, int64_t i, int64_t j, int64_t k0, int64_t k1) {
  int64_t s = 0;
  for (int64_t k = k0; k < k1; ++k) s += int64_t(int_at(c.a, false, i, k)) * int_at(c.b, true, j, k);
  return s;
}

}  // namespace

void float_scalar(const FloatCall& c) {
  for (int64_t i = c.m0; i < c.m1; ++i)
    for (int64_t j = 0; j < c.d.n; ++j) {
      float acc = 0;
      for (int64_t k = 0; k < c.d.k; ++k) {
        const float a = float_at(c.elem, c.a, c.ta ? k * c.lda + i : i * c.lda + k);
        const float b = float_at(c.elem, c.b, c.tb ? j * c.ldb + k : k * c.ldb + j);
        acc += a * b;
      }
      float& y = c.c[i * c.ldc + j];
      y = c.accumulate ? y + acc : acc;
    }
}

void int_scalar(const IntCall& c) {
  const int64_t k = c.d.k, gs = c.group, ng = (k + gs - 1) / gs;
  for (int64_t i = c.m0; i < c.m1; ++i)
    for (int64_t j = 0; j < c.d.n; ++j) {
      const int64_t at = i * c.ldc + j;
      switch (c.out) {
        case IntOut::s32:
          static_cast<int32_t*>(c.c)[at] = int32_t(dot(c, i, j, 0, k));
          break;
        case IntOut::s32_scaled:
          static_cast<float*>(c.c)[at] = (c.sa[i] * c.sb[j]) * float(int32_t(dot(c, i, j, 0, k)));
          break;
        case IntOut::shift_s64:
        case IntOut::shift_f32: {
          int64_t acc = 0;
          for (int64_t g = 0; g < ng; ++g) {
            const int shift = (c.ea.data[i * c.ea.rs + g * c.ea.gs] - c.amin[i]) + (c.eb.data[j * c.eb.rs + g * c.eb.gs] - c.bmin[j]);
            acc += dot(c, i, j, g * gs, std::min(k, (g + 1) * gs)) << shift;
          }
          if (c.out == IntOut::shift_s64) {
            static_cast<int64_t*>(c.c)[at] = acc;
          } else {
            static_cast<float*>(c.c)[at] = (float(acc) * pow2(c.amin[i])) * pow2(c.bmin[j]);
          }
          break;
        }
        case IntOut::fma_f32: {
          float acc = 0;
          for (int64_t g = 0; g < ng; ++g) {
            const float s = c.fa.data[i * c.fa.rs + g * c.fa.gs] * c.fb.data[j * c.fb.rs + g * c.fb.gs];
            acc = std::fma(s, float(dot(c, i, j, g * gs, std::min(k, (g + 1) * gs))), acc);
          }
          static_cast<float*>(c.c)[at] = acc;
          break;
        }
      }
    }
}

// The scalar "rearrangement" computes exactly what group_fma does; it is the same reference.
void rearranged_scalar(const IntCall& c) {
  IntCall f = c;
  f.out = IntOut::fma_f32;
  int_scalar(f);
}

}  // namespace hotops::gemm::impl
