// The per-row forward families (layernorm, rmsnorm, crmsnorm, l1norm), one class configured
// by a spec: x and y of rows × width in the problem's dtype (int8: one scale per tensor), γ
// (and β), and the family's fp64 reference of one row.
#pragma once
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
  std::string_view name, description;
  std::vector<std::string> dtypes;
  bool has_beta;
  bool compressed;  // crmsnorm: rows store d − 1 of the d entries
  // fp64 reference of one row; y in storage units (int8: LSB of y_scale, unrounded).
  void (*reference)(const RowRef& r, const double* x, double* y);
  // Work model: f32 ops per stored element, per-feature f32 vectors read (γ, β), and
  // whether the row's scale takes a square root (L2) or only a division (L1).
  double flops_per_element;
  int params;
  bool sqrt;
};

class RowNormFamily final : public NormFamily {
 public:
  RowNormFamily(RowNormSpec spec, std::vector<Variant> variants);
  Work work(const Problem& p) const override;
  std::vector<Operand> operands(const Problem& p, const Context& ctx) const override;
  void fill(Case& c) const override;
  std::vector<Expected> reference(const Case& c) const override;
  void run(const Variant& v, Case& c) const override;

 private:
  int64_t width(const Problem& p) const { return spec_.compressed ? p.dim("d") - 1 : p.dim("d"); }
  RowNormSpec spec_;
};

}  // namespace hotops::norm
