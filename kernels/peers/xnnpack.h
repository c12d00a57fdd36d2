// XNNPACK as a peer: one-time xnn_initialize, a pthreadpool per thread count, and a
// per-shape operator cache. Creating an operator allocates (packed params, workspace),
// so it happens on the first call for a shape — the correctness check runs first, so
// timing never includes it. XNNPACK's setup binds batch size and pointers; the caller
// re-runs it (cheap, no allocation for the ops we use) only when those change.
#pragma once
#ifdef HOTOPS_HAVE_XNNPACK
#include <pthreadpool.h>
#include <xnnpack.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "peers/cache_key.h"

namespace hotops::peers::xnnpack {

// Throws std::runtime_error("XNNPACK <what>: <status name>") unless s is success.
void check(xnn_status s, std::string_view what);

// Initializes XNNPACK once per process (throws if the CPU or library refuses).
void ensure_initialized();

// The pool to run on: nullptr (the caller's thread) for threads <= 1, else one
// pool per thread count, created on first use and kept for the process.
pthreadpool_t threadpool(int threads);

// A created operator plus what its last successful setup bound.
struct Operator {
  using Binding = std::array<uintptr_t, 4>;  // batch size and pointers, op-defined
  xnn_operator_t op = nullptr;
  Binding bound{};  // all zero = never set up
};

// Creates the operator for `key` with create(&op) on first use (create returns an
// xnn_status); later calls return the same one. Deleted at process exit.
Operator& cached(const CacheKey& key, xnn_status (*create)(const CacheKey&, xnn_operator_t*));

// Packs a batch size and pointers into an Operator::Binding.
inline Operator::Binding binding(size_t batch, const void* a, const void* b = nullptr, const void* c = nullptr) {
  return {uintptr_t(batch), reinterpret_cast<uintptr_t>(a), reinterpret_cast<uintptr_t>(b),
          reinterpret_cast<uintptr_t>(c)};
}

}  // namespace hotops::peers::xnnpack

#endif  // HOTOPS_HAVE_XNNPACK
