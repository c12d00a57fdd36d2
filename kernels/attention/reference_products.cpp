#define HOTOPS_REFERENCE_BODIES
#include "attention/reference_products.h"

#include "core/isa.h"

namespace hotops::attention::ref {

void products_avx2(const double*, int64_t, const double*, const double*, int64_t, int64_t, double*, double*, int64_t,
                   double*);
void weighted_sum_avx2(const double*, int64_t, const int64_t*, int64_t, const double*, int64_t, double*);

Panels::Panels(const double* m, int64_t rows_, int64_t d_) : rows(rows_), d(d_) {
  x.assign(size_t((rows + 3) / 4 * 4 * d), 0.0), ax.assign(x.size(), 0.0);
  for (int64_t j = 0; j < rows; ++j)
    for (int64_t c = 0; c < d; ++c) {
      const size_t at = size_t((j / 4 * d + c) * 4 + j % 4);
      x[at] = m[j * d + c], ax[at] = std::fabs(m[j * d + c]);
    }
}

namespace {
bool has_avx2() { return isa_unavailable(isa("avx2")).empty(); }
}  // namespace

Products products() { return has_avx2() ? &products_avx2 : &products_body; }
WeightedSum weighted_sum() { return has_avx2() ? &weighted_sum_avx2 : &weighted_sum_body; }

}  // namespace hotops::attention::ref
