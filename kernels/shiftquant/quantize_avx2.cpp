// The quantizers compiled for avx2 (the file suffix sets the flags; quantize_impl.h has the code).
#include "shiftquant/quantize_impl.h"

void hotops::shiftquant::quantize_avx2(const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols,
                                        const QuantOut& out) {
  quantize_with(s, along, x, rows, cols, out);
}
