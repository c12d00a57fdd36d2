// The quantizers compiled for avx512f (the file suffix sets the flags; quantize_impl.h has the code).
#include "shiftquant/quantize_impl.h"
#include "shiftquant/shiftquant.h"

namespace hotops::shiftquant {
namespace {
struct Tag {};
}  // namespace

void quantize_avx512f(const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols, const QuantOut& out) {
  quantize_with<Tag>(s, along, x, rows, cols, out);
}

// The quantizer variant: the three quantizations of op=quantize.
void quantize__avx512f(const QuantizeArgs& a) {
  quantize_with<Tag>(a.num.spec(false), Along::rows, a.x, a.tokens, a.k, a.qx);
  quantize_with<Tag>(a.num.spec(false), Along::cols, a.w, a.k, a.n, a.qw);
  quantize_with<Tag>(a.num.spec(true, a.seed, kStreamDyRows), Along::rows, a.dy, a.tokens, a.n, a.qdy);
}

}  // namespace hotops::shiftquant
