// The fp64 reference product compiled for AVX2 + FMA (4 doubles per vector): the references of
// the paper-sized problems take seconds instead of a minute.
#include "shiftquant/reference.h"
#include "shiftquant/reference_gemm.h"

namespace hotops::shiftquant {
namespace {
struct Tag {};
}  // namespace

void ref_product_rows_avx2(int64_t i0, int64_t i1, int64_t n, int64_t k, const double* a, const double* b,
                           double* c) {
  ref_rows<Tag>(i0, i1, n, k, a, b, c);
}

}  // namespace hotops::shiftquant
