// Conversion between full zero-mean vectors and CRMSNorm's compressed rows.
#include "norm/crmsnorm/crmsnorm.h"

namespace hotops::norm::crmsnorm {

void compress(const double* full, double* out, int64_t rows, int64_t d) {
  for (int64_t r = 0; r < rows; ++r) {
    const double* x = full + r * d;
    double mean = 0;
    for (int64_t j = 0; j < d; ++j) mean += x[j];
    mean /= double(d);
    for (int64_t j = 0; j + 1 < d; ++j) out[r * (d - 1) + j] = x[j] - mean;
  }
}

void expand(const double* compressed, double* full, int64_t rows, int64_t d) {
  for (int64_t r = 0; r < rows; ++r) {
    const double* c = compressed + r * (d - 1);
    double sum = 0;
    for (int64_t j = 0; j + 1 < d; ++j) sum += (full[r * d + j] = c[j]);
    full[r * d + d - 1] = -sum;
  }
}

}  // namespace hotops::norm::crmsnorm
