// Key of the per-shape caches of peer-library objects (primitives, operators): the
// op, its dims and the thread count, since a library may plan its work split at
// creation. Fixed-size and allocation-free, so a lookup inside a timed call is cheap.
#pragma once
#include <array>
#include <compare>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hotops::peers {

struct CacheKey {
  static constexpr size_t kMaxDims = 8;

  std::string_view op;  // a string literal naming the op, e.g. "softmax_fwd_f32"
  std::array<int64_t, kMaxDims> dims{};
  size_t ndims = 0;
  int threads = 1;

  CacheKey(std::string_view op_name, std::initializer_list<int64_t> d, int nthreads)
      : op(op_name), ndims(d.size()), threads(nthreads) {
    if (d.size() > kMaxDims)
      throw std::invalid_argument("peer cache key for '" + std::string(op_name) + "' has " +
                                  std::to_string(d.size()) + " dims, at most " + std::to_string(kMaxDims));
    size_t i = 0;
    for (int64_t v : d) dims[i++] = v;
  }
  // "1000x64" for messages.
  std::string dims_string() const {
    std::string s;
    for (size_t i = 0; i < ndims; ++i) {
      if (i) s += 'x';  // appended, not `"x" + to_string(..)`: GCC 12 warns -Wrestrict on that temporary
      s += std::to_string(dims[i]);
    }
    return s;
  }
  auto operator<=>(const CacheKey&) const = default;
};

}  // namespace hotops::peers
