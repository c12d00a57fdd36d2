#include "shiftquant/quantize.h"
#include "shiftquant/shiftquant.h"

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

namespace {

// op=quantize: x along K, w along K, dy along N (with g_dtype and its rounding).
void quantize_op(QIsa isa, const QuantizeArgs& a) {
  quantize(isa, a.num.spec(false), Along::rows, a.x, a.tokens, a.k, a.qx);
  quantize(isa, a.num.spec(false), Along::cols, a.w, a.k, a.n, a.qw);
  quantize(isa, a.num.spec(true, a.seed, kStreamDyRows), Along::rows, a.dy, a.tokens, a.n, a.qdy);
}

}  // namespace

void quantize__scalar(const QuantizeArgs& a) { quantize_op(QIsa::scalar, a); }
void quantize__avx2(const QuantizeArgs& a) { quantize_op(QIsa::avx2, a); }
void quantize__avx512f(const QuantizeArgs& a) { quantize_op(QIsa::avx512f, a); }

}  // namespace hotops::shiftquant
