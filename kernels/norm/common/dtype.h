// Storage types of the norm families: the `dtype=` problem option. Compute is f32 for
// f32/bf16 storage; int8 storage is quantized (value = scale · q, one scale per tensor).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/problem.h"

namespace hotops::norm {

enum class DType : uint8_t { f32 = 1, bf16 = 2, int8 = 4 };

// Sets of dtypes a variant handles, as bit masks of DType values.
inline constexpr unsigned kF32 = unsigned(DType::f32), kBf16 = unsigned(DType::bf16), kInt8 = unsigned(DType::int8);
inline constexpr unsigned kFloat = kF32 | kBf16;

DType dtype_of(const Problem& p);  // from the "dtype" option; throws ProblemError if unknown
const char* dtype_name(DType t);
size_t dtype_size(DType t);

// Variant::unsupported for a variant that handles the dtypes in Mask.
std::string dtypes_unsupported(const Problem& p, unsigned mask);
template <unsigned Mask>
std::string supports_dtypes(const Problem& p) {
  return dtypes_unsupported(p, Mask);
}

}  // namespace hotops::norm
