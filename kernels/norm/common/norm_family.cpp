#include "norm/common/norm_family.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotops::norm {

double f32_tolerance(int64_t n) { return 1e-6 * (2.0 + std::sqrt(double(n)) / 8.0); }

Expected expect(std::string output, size_t count, double tol, Expected::Floor floor) {
  Expected e;
  e.output = std::move(output), e.values.resize(count), e.tol = tol, e.floor = floor;
  return e;
}

std::string dtypes_unsupported(const Problem& p, std::initializer_list<DType> handled) {
  const DType t = p.dtype();
  if (std::find(handled.begin(), handled.end(), t) != handled.end()) return {};
  std::string have;
  for (DType h : handled) have += fmt::format("{}{}", have.empty() ? "" : "/", dtype_name(h));
  return fmt::format("this variant handles dtype {} only, not {}", have, dtype_name(t));
}

ProblemSchema rows_schema(std::vector<std::string> dtypes, int64_t min_d) {
  return ProblemSchema().integer("rows", 1).integer("d", std::nullopt, min_d).dtypes("dtype", std::move(dtypes));
}

std::vector<std::string> row_test_problems(const std::vector<std::string>& dtypes, int64_t min_d, bool big) {
  struct Size {
    int64_t rows, d;
  };
  static const Size f32[] = {{3, 1},    {2, 2},    {3, 7},    {2, 8},     {2, 15},     {3, 16},
                             {2, 17},   {2, 33},   {3, 63},   {2, 65},    {2, 127},    {4, 768},
                             {64, 257}, {3, 1000}, {2, 4099}, {2, 16384}, {1, 100003}, {512, 8209}};
  static const Size bf16[] = {{3, 1}, {2, 2}, {2, 7}, {2, 17}, {2, 65}, {3, 1000}, {2, 4099}};
  static const Size int8[] = {{3, 1},  {2, 2},  {2, 7},    {2, 31},   {2, 33},
                              {2, 64}, {2, 65}, {3, 1000}, {2, 4099}, {1, 140001}};
  std::vector<std::string> out;
  auto add = [&](const auto& sizes, const std::string& t) {
    for (const Size& s : sizes)
      if (s.d >= min_d && (big || s.rows * s.d < 4000000))
        out.push_back(fmt::format("rows={},d={}{}", s.rows, s.d, t == "f32" ? "" : ",dtype=" + t));
  };
  for (const std::string& t : dtypes) {
    if (t == "f32") add(f32, t);
    if (t == "bf16") add(bf16, t);
    if (t == "int8") add(int8, t);
  }
  return out;
}

NormFamily::NormFamily(std::string_view name, std::string_view description, ProblemSchema schema,
                       std::vector<std::string> test_problems, std::vector<Variant> variants)
    : Family({name, description, std::move(schema), input_kinds(), std::move(test_problems)}, std::move(variants)) {}

double NormFamily::tolerance(const Variant& v, const Case& c, const Expected& e) const {
  return !v.is_own() && c.input() != inputs().front() ? std::max(e.tol, kPeerHostileTol) : e.tol;
}

}  // namespace hotops::norm
