// Comparison of a variant's output with the family's fp64 reference.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/family.h"

namespace hotops {

// Normalized error per element: |y − ref| / (|ref| + floor); NaN/inf where ref is
// finite counts as infinite error. Returns the max and where it occurred.
template <class T>
CheckResult compare_to_reference(const T* y, const double* ref, size_t count, double tol, double floor);

}  // namespace hotops
