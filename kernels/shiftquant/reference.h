// The family's fp64 references: the definition of every quantizer (written independently of the
// kernels' quantize_impl.h, element by element, in double where that is exact) and fp64 products.
#pragma once
#include <cstdint>
#include <vector>

#include "shiftquant/quantize.h"

namespace hotops::shiftquant {

// A quantized rows×cols matrix: codes row-major; exps / scales as quantize.h lays them out.
struct RefQuant {
  std::vector<int> codes;
  std::vector<int> exps;      // pow2
  std::vector<float> scales;  // fp, row
  int64_t groups = 1;
  // The scale of element (r, c) — 2^e or s — and its dequantized value codes·scale, exactly.
  double scale(const QuantSpec& s, Along along, int64_t r, int64_t c, int64_t cols) const;
  double value(const QuantSpec& s, Along along, int64_t r, int64_t c, int64_t cols) const {
    return codes[size_t(r * cols + c)] * scale(s, along, r, c, cols);
  }
};
RefQuant ref_quantize(const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols);

// The dequantized matrix (row-major double), optionally transposed.
std::vector<double> ref_dequantize(const RefQuant& q, const QuantSpec& s, Along along, int64_t rows, int64_t cols,
                                   bool transpose);

// c (m×n) = a (m×k) · b (k×n), all row-major double; bound[i] = Σ_k |a_ik|·max_j |b_kj| ≥ every
// Σ_k |a_ik|·|b_kj| of row i (what the rounding of a float sum is relative to; an upper bound that
// costs no second product). Threads: all the machine's (OpenMP).
void ref_product(int64_t m, int64_t n, int64_t k, const std::vector<double>& a, const std::vector<double>& b,
                 std::vector<double>& c, std::vector<double>& bound);

// Rows [i0, i1) of c: reference_gemm.h's loops compiled for AVX2 + FMA (reference.cpp has the
// baseline copy).
void ref_product_rows_avx2(int64_t i0, int64_t i1, int64_t n, int64_t k, const double* a, const double* b, double* c);

}  // namespace hotops::shiftquant
