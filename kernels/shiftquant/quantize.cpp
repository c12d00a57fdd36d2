#include "shiftquant/quantize.h"

#include <algorithm>

namespace hotops::shiftquant {

int64_t quant_groups(const QuantSpec& s, Along along, int64_t rows, int64_t cols) {
  if (s.scale == Scale::row) return 1;
  const int64_t len = along == Along::rows ? cols : rows;
  return std::max<int64_t>(1, (len + s.group - 1) / s.group);
}

void quantize(QIsa isa, const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols,
              const QuantOut& out) {
  switch (isa) {
    case QIsa::scalar: return quantize_scalar(s, along, x, rows, cols, out);
    case QIsa::avx2: return quantize_avx2(s, along, x, rows, cols, out);
    case QIsa::avx512f: return quantize_avx512f(s, along, x, rows, cols, out);
  }
}

}  // namespace hotops::shiftquant
