// XNNPACK initialization, thread pools and operator cache (see xnnpack.h).
#ifdef HOTOPS_HAVE_XNNPACK
#include "peers/xnnpack.h"

#include <fmt/format.h>

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

namespace hotops::peers::xnnpack {
namespace {

const char* status_name(xnn_status s) {
  switch (s) {
    case xnn_status_success: return "success";
    case xnn_status_uninitialized: return "library not initialized";
    case xnn_status_invalid_parameter: return "invalid parameter";
    case xnn_status_invalid_state: return "invalid state";
    case xnn_status_unsupported_parameter: return "unsupported parameter";
    case xnn_status_unsupported_hardware: return "unsupported hardware";
    case xnn_status_out_of_memory: return "out of memory";
  }
  return "unknown status";
}

// Everything XNNPACK-side the process holds; torn down at exit in dependency order
// (operators, then pools, then the library) so leak checkers see a clean exit.
struct State {
  std::mutex mu;
  bool initialized = false;
  std::map<int, pthreadpool_t> pools;
  std::map<CacheKey, Operator> ops;

  ~State() {
    for (auto& [key, o] : ops) xnn_delete_operator(o.op);
    for (auto& [n, pool] : pools) pthreadpool_destroy(pool);
    if (initialized) xnn_deinitialize();
  }
};

State& state() {
  static State s;
  return s;
}

void init_locked(State& s) {
  if (s.initialized) return;
  check(xnn_initialize(/*allocator=*/nullptr), "xnn_initialize");
  s.initialized = true;
}

}  // namespace

void check(xnn_status s, std::string_view what) {
  if (s != xnn_status_success)
    throw std::runtime_error(fmt::format("XNNPACK {}: {} (status {})", what, status_name(s), int(s)));
}

void ensure_initialized() {
  State& s = state();
  std::lock_guard lock(s.mu);
  init_locked(s);
}

pthreadpool_t threadpool(int threads) {
  if (threads <= 1) return nullptr;
  State& s = state();
  std::lock_guard lock(s.mu);
  pthreadpool_t& pool = s.pools[threads];
  if (!pool) {
    pool = pthreadpool_create(size_t(threads));
    if (!pool) {
      s.pools.erase(threads);
      throw std::runtime_error(fmt::format("pthreadpool_create({}) failed", threads));
    }
  }
  return pool;
}

Operator& cached(const CacheKey& key, xnn_status (*create)(const CacheKey&, xnn_operator_t*)) {
  State& s = state();
  std::lock_guard lock(s.mu);
  if (auto it = s.ops.find(key); it != s.ops.end()) return it->second;
  init_locked(s);
  xnn_operator_t op = nullptr;
  check(create(key, &op), fmt::format("create {} (dims {}, threads {})", key.op, key.dims_string(), key.threads));
  return s.ops[key] = Operator{op, {}};
}

}  // namespace hotops::peers::xnnpack

#endif  // HOTOPS_HAVE_XNNPACK
