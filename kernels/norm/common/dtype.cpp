#include "norm/common/dtype.h"

#include <fmt/format.h>

namespace hotops::norm {

DType dtype_of(const Problem& p) {
  const std::string& s = p.option("dtype");
  if (s == "f32") return DType::f32;
  if (s == "bf16") return DType::bf16;
  if (s == "int8") return DType::int8;
  throw ProblemError(fmt::format("problem '{}': unknown dtype '{}'", p.repro, s));
}

const char* dtype_name(DType t) {
  switch (t) {
    case DType::f32:
      return "f32";
    case DType::bf16:
      return "bf16";
    case DType::int8:
      return "int8";
  }
  return "?";
}

size_t dtype_size(DType t) { return t == DType::f32 ? 4 : t == DType::bf16 ? 2 : 1; }

std::string dtypes_unsupported(const Problem& p, unsigned mask) {
  const DType t = dtype_of(p);
  if (mask & unsigned(t)) return {};
  std::string have;
  for (DType c : {DType::f32, DType::bf16, DType::int8})
    if (mask & unsigned(c)) have += fmt::format("{}{}", have.empty() ? "" : "/", dtype_name(c));
  return fmt::format("this variant handles dtype {} only, not {}", have, dtype_name(t));
}

}  // namespace hotops::norm
