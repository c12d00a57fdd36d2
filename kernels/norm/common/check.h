// Error measures of the norm families, normalized so that `tol` bounds the error of the
// f32 compute alone, whatever the storage:
//   f32:  |y − r| / (|r| + rms of the reference row): relative for large outputs,
//         relative to the row's scale for outputs near zero
//   bf16: the same after subtracting half a bf16 ulp — the rounding the storage itself
//         owes; a kernel that truncates, or double-rounds badly, exceeds it
//   int8: |q − clamp(r)| − 0.5 in LSB (r unrounded); tol in LSB
// A multi-output family checks each output and keeps the worse result.
#pragma once
#include <cstdint>
#include <string_view>

#include "core/family.h"
#include "norm/common/tensor.h"

namespace hotops::norm {

// `row_scale` (optional, one per row) replaces the rms of the reference row as the scale
// errors are relative to — e.g. the size of the terms a gradient cancels down from.
CheckResult check_tensor(std::string_view name, const Tensor& y, const double* ref, double tol,
                         const double* row_scale = nullptr);
// An f32 output of rows × width (e.g. a parameter gradient as one row).
CheckResult check_floats(std::string_view name, const float* y, const double* ref, int64_t rows, int64_t width,
                         double tol);

// The worse of two results by error / tolerance; passes only if both pass.
CheckResult worse(const CheckResult& a, const CheckResult& b);

// Compute tolerance of an f32 row statistic over n terms held in a few vector lanes:
// a few ulps for the final scale, plus the rounding of the sums.
double f32_tolerance(int64_t n);

}  // namespace hotops::norm
