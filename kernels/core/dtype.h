// Element types of operands. Compute types are the kernels' business; a DType says how a
// tensor is stored (int4: two values per byte, low nibble first).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hotops {

enum class DType : uint8_t { f64, f32, f16, bf16, int32, int16, int8, uint8, int4, int64 };

std::string_view dtype_name(DType t);  // "f32", "bf16", "int8", ...
bool parse_dtype(std::string_view name, DType* out);
int dtype_bits(DType t);
bool is_float(DType t);
// Bytes of `count` elements (int4 rounds up to whole bytes).
inline size_t dtype_bytes(DType t, size_t count) { return (count * size_t(dtype_bits(t)) + 7) / 8; }

}  // namespace hotops
