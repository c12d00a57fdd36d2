// THE comparison of a variant's outputs with the family's fp64 reference: one error measure
// for every family, normalized so that `tol` bounds the error of the computation alone,
// whatever the storage:
//   float outputs    |y − r| / (|r| + floor), where floor is a fixed value (relative error
//                    for large outputs), the rms of the reference row, or a per-row scale the
//                    family gives (e.g. the size of the terms a gradient cancels down from);
//                    bf16/f16 storage first subtracts half an ulp of the storage — the rounding
//                    the storage itself owes
//   integer outputs  max(0, |q − clamp(r)| − 0.5) in units of the last place: correct
//                    rounding of r passes at tol 0; an exact integer reference at tol 0 is an
//                    exact check
//   non-finite       an error of 0 where y equals r (NaN matches NaN), else infinite
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace hotops {

// The fp64 reference of one output, with what its error is measured against.
struct Expected {
  enum class Floor : uint8_t { fixed, row_rms, row_scale };
  std::string output;          // role of the output tensor compared
  std::vector<double> values;  // in the output's storage units (int8: LSB, unrounded)
  double tol = 0;
  Floor floor = Floor::fixed;
  double floor_value = 1e-30;     // Floor::fixed
  std::vector<double> row_scale;  // Floor::row_scale: one per row of the output
};

struct OutputCheck {
  std::string output;
  double max_err = 0, tol = 0;
  bool passed = false;
  std::string detail;  // where it failed: first worst element, got and expected
};

struct CheckResult {
  std::vector<OutputCheck> outputs;
  bool passed = false;
  // The worst output by error / tolerance (what one-line summaries show).
  double max_err = 0, tol = 0;
  std::string detail;
  void add(OutputCheck c);
};

OutputCheck compare(const Tensor& y, const Expected& e, double tol);

}  // namespace hotops
