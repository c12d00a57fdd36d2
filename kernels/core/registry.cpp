#include "core/registry.h"


namespace hotops {

#define HOTOPS_FAMILY(name) const Family& name##_family();
#include "families.inc"
#undef HOTOPS_FAMILY

const std::vector<const Family*>& families() {
  static const std::vector<const Family*> all = {
#define HOTOPS_FAMILY(name) &name##_family(),
#include "families.inc"
#undef HOTOPS_FAMILY
  };
  return all;
}

const Family* find_family(std::string_view name) {
  for (const Family* f : families())
    if (f->name() == name) return f;
  return nullptr;
}

const Variant* find_variant(const Family& f, std::string_view name) {
  for (const Variant& v : f.variants())
    if (v.name == name) return &v;
  return nullptr;
}

bool glob_match(std::string_view p, std::string_view t) {
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
      ++pi, ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++, mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1, ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

}  // namespace hotops
