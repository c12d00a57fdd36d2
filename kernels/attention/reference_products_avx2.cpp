#define HOTOPS_REFERENCE_BODIES
#include "attention/reference_products.h"

namespace hotops::attention::ref {
void products_avx2(const double* q, int64_t nq, const double* x, const double* ax, int64_t d, int64_t cnt, double* s,
                   double* a, int64_t ld, double* scratch) {
  products_body(q, nq, x, ax, d, cnt, s, a, ld, scratch);
}
void weighted_sum_avx2(const double* w, int64_t ld, const int64_t* cnt, int64_t nq, const double* v, int64_t d,
                       double* o) {
  weighted_sum_body(w, ld, cnt, nq, v, d, o);
}
}  // namespace hotops::attention::ref
