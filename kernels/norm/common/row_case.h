// The case shared by the per-row forward families (layernorm, rmsnorm, crmsnorm, l1norm):
// x and y of rows × width in the problem's dtype, γ and β, and an fp64 reference.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/family.h"
#include "norm/common/args.h"
#include "norm/common/family.h"

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
  bool has_beta;
  bool compressed;  // crmsnorm: rows store d − 1 of the d entries
  // fp64 reference of one row; y in storage units (int8: LSB of y_scale, unrounded).
  void (*reference)(const RowRef& r, const double* x, double* y);
  double flops_per_element;  // work model: flops per stored element ...
  int params;                // ... and per-feature f32 vectors read (γ, β)
};

using RowNormKernel = void (*)(const RowNormArgs&);

inline constexpr float kEps = 1e-5f;            // ε of every norm family
inline constexpr double kInt8Tol = 0.01;        // LSB beyond correct rounding (int8 outputs)
inline constexpr double kOutScale = 4.0 / 127;  // int8 output scale: |y| up to 4 representable
// Peers (oneDNN) keep unshifted f32 statistics: on large offsets and constant rows their
// error is ~u·|μ|/σ or a summation error times 1/√ε (measured up to 8e-3). They are held to
// the family tolerance on the benchmark input and only to this on the hostile inputs.
inline constexpr double kPeerHostileTol = 3e-2;

// Tolerance of a check: the family's, or the peer allowance on hostile inputs.
double case_tolerance(const Variant& v, const std::string& input, double family_tol);

// The whole description of a per-row forward family: schema (rows, d ≥ 1, or ≥ 2 when
// compressed; dtype), work model, inputs, the shared test sweep and the case.
FamilyInfo row_family(std::string_view name, std::string_view description, std::vector<std::string> dtypes,
                      const RowNormSpec& spec, std::vector<Variant> variants);

// The shared sweep of awkward sizes for the given dtypes (d ≥ min_d): odd d, d = 1, vector
// tails of every ISA; f32 adds a problem whose x and y exceed a 32 MiB last-level cache,
// int8 one that crosses the 64 Ki-element flushes of the integer Σq² lanes. `big` = false
// leaves the out-of-cache problem out (the backward families).
std::vector<std::string> row_test_problems(const std::vector<std::string>& dtypes, int64_t min_d = 1, bool big = true);

}  // namespace hotops::norm
