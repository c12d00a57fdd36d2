#include "core/dtype.h"

namespace hotops {
namespace {
struct Info {
  DType t;
  std::string_view name;
  int bits;
};
constexpr Info kInfo[] = {{DType::f64, "f64", 64},     {DType::f32, "f32", 32},   {DType::f16, "f16", 16},
                          {DType::bf16, "bf16", 16},   {DType::int32, "int32", 32}, {DType::int16, "int16", 16},
                          {DType::int8, "int8", 8},    {DType::uint8, "uint8", 8}, {DType::int4, "int4", 4},
                          {DType::int64, "int64", 64}};
}  // namespace

std::string_view dtype_name(DType t) { return kInfo[size_t(t)].name; }
int dtype_bits(DType t) { return kInfo[size_t(t)].bits; }
bool is_float(DType t) { return t == DType::f64 || t == DType::f32 || t == DType::f16 || t == DType::bf16; }

bool parse_dtype(std::string_view name, DType* out) {
  for (const Info& i : kInfo)
    if (i.name == name) {
      *out = i.t;
      return true;
    }
  return false;
}

}  // namespace hotops
