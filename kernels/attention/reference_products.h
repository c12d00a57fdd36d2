// The products of the fp64 reference, four query rows at a time (K and V are read once per four
// rows), compiled twice: for the x86-64 baseline (reference_products.cpp) and with AVX2 + FMA
// (reference_products_avx2.cpp), picked at run time. The arithmetic is fp64 either way. The AVX2
// copy touches raw arrays only: a std template instantiated there could be merged by the linker
// into the baseline code.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

namespace hotops::attention::ref {

// The rows of a matrix (keys or values) in panels of 4, [panel][c][4] (missing rows 0), and the
// same of its magnitudes.
struct Panels {
  int64_t rows, d;
  std::vector<double> x, ax;
  Panels(const double* m, int64_t rows, int64_t d);
};

// For query rows q[0..nq) (nq ≤ 4, width d): s[ii][j] = q_ii·x_j and a[ii][j] = |q_ii|·|x_j| for
// panel rows j < cnt (row stride ld); scratch: 8·d doubles.
using Products = void (*)(const double* q, int64_t nq, const double* x, const double* ax, int64_t d, int64_t cnt,
                          double* s, double* a, int64_t ld, double* scratch);
// o[ii][:] = Σ_{j < cnt[ii]} w[ii][j]·v_j for ii < nq (w row stride ld; v: rows of width d).
using WeightedSum = void (*)(const double* w, int64_t ld, const int64_t* cnt, int64_t nq, const double* v, int64_t d,
                             double* o);

Products products();  // the widest this machine runs
WeightedSum weighted_sum();

}  // namespace hotops::attention::ref

#ifdef HOTOPS_REFERENCE_BODIES  // one copy per including file, compiled with its flags
namespace hotops::attention::ref {
namespace {

// Four doubles as a GCC vector: one ymm register with AVX2, two xmm registers without.
typedef double v4d __attribute__((vector_size(32)));

void products_body(const double* q, int64_t nq, const double* x, const double* ax, int64_t d, int64_t cnt, double* s,
                   double* a, int64_t ld, double* scratch) {
  double* qb = scratch;
  double* aq = scratch + 4 * d;
  for (int64_t i = 0; i < 4 * d; ++i) qb[i] = i < nq * d ? q[i] : 0.0, aq[i] = std::fabs(qb[i]);
  for (int64_t g = 0; g < (cnt + 3) / 4; ++g) {
    v4d acc[4] = {}, mag[4] = {};
    const double* xg = x + g * d * 4;
    const double* ag = ax + g * d * 4;
    for (int64_t c = 0; c < d; ++c) {
      v4d xv, av;
      __builtin_memcpy(&xv, xg + c * 4, sizeof xv);
      __builtin_memcpy(&av, ag + c * 4, sizeof av);
      for (int ii = 0; ii < 4; ++ii) acc[ii] += qb[ii * d + c] * xv, mag[ii] += aq[ii * d + c] * av;
    }
    for (int ii = 0; ii < nq; ++ii)
      for (int jj = 0; jj < 4 && g * 4 + jj < cnt; ++jj)
        s[ii * ld + g * 4 + jj] = acc[ii][jj], a[ii * ld + g * 4 + jj] = mag[ii][jj];
  }
}

void weighted_sum_body(const double* w, int64_t ld, const int64_t* cnt, int64_t nq, const double* v, int64_t d,
                       double* o) {
  int64_t most = 0;
  for (int64_t ii = 0; ii < nq; ++ii) most = cnt[ii] > most ? cnt[ii] : most;
  for (int64_t i = 0; i < nq * d; ++i) o[i] = 0;
  for (int64_t j = 0; j < most; ++j)
    for (int64_t ii = 0; ii < nq; ++ii) {
      if (j >= cnt[ii]) continue;
      const double wj = w[ii * ld + j];
      double* oi = o + ii * d;
      const double* vj = v + j * d;
      for (int64_t e = 0; e < d; ++e) oi[e] += wj * vj[e];
    }
}

}  // namespace
}  // namespace hotops::attention::ref
#endif
