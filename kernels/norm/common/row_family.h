// The per-row forward families (layernorm, rmsnorm, crmsnorm, l1norm), one class configured
// by a spec: x and y of rows × width in the problem's dtype (int8: one scale per tensor), γ
// (and β), and the family's fp64 reference of one row.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "norm/common/args.h"
#include "norm/common/norm_family.h"

namespace hotops::norm {

// What the reference of one row gets: its stored values x (int8: q) and the parameters.
struct RowRef {
  int64_t width;  // stored row length
  int64_t d;      // the problem's d (crmsnorm: width + 1)
  DType dtype;
  const float* gamma;
  const float* beta;  // null where the family has no shift
  double eps, x_scale, y_scale;
};

struct RowNormSpec {
  enum Form : unsigned {
    kShift = 1,       // y = … + β: reads γ and β (else γ only)
    kSqrt = 2,        // the row's scale is 1/√(·) (L2); else 1/(·) (L1): a square root per row
    kCompressed = 4,  // crmsnorm: rows store d − 1 of the d entries
  };
  std::string_view name, description;
  std::vector<std::string> dtypes;
  // fp64 reference of one row; y in storage units (int8: LSB of y_scale, unrounded).
  void (*reference)(const RowRef& r, const double* x, double* y);
  double flops_per_element;  // work model: f32 ops per stored element
  unsigned form;             // Form flags
  bool has(Form f) const { return form & f; }
};

std::unique_ptr<Family> row_norm_family(RowNormSpec spec, std::vector<Variant> variants);

}  // namespace hotops::norm
