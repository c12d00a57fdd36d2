// oneDNN as a peer: one process-wide CPU engine and stream, and a per-shape cache of
// primitives. The variant contract forbids allocation inside the timed call, so a
// primitive (with its memory objects and scratchpad) is built on the first call for
// a shape — the correctness check runs first, so timing never includes it — and later
// calls only rebind the caller's pointers. (oneDNN 2.6's execute itself still makes
// ~5 small heap allocations per call for its argument context; that cost is part of
// the peer's time.) Generic over the primitive kind: a family passes any primitive
// descriptor and the list of argument ids it binds per call.
#pragma once
#ifdef HOTOPS_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>

#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "peers/cache_key.h"
#include "peers/isa.h"

namespace hotops {

// "2.6.3" (plus the git hash when the build recorded one) for the results context.
std::string onednn_version();

namespace peers::onednn {

const dnnl::engine& engine();
dnnl::stream& stream();

// Attributes every cached primitive should be created with: a user-owned scratchpad,
// so the scratchpad is allocated once with the primitive instead of per execution.
dnnl::primitive_attr attr();

// A primitive plus one memory object per bound argument and its own scratchpad.
class Primitive {
 public:
  // `args`: execution argument ids (DNNL_ARG_SRC, ...), in the order run() takes
  // pointers; their descriptors are queried from `pd`.
  Primitive(const dnnl::primitive_desc_base& pd, std::initializer_list<int> args, int threads);
  Primitive(const Primitive&) = delete;
  Primitive& operator=(const Primitive&) = delete;

  // Binds one pointer per argument (same order as at creation) and executes on
  // `threads` OpenMP threads (the count the primitive was created for).
  void run(std::initializer_list<const void*> data);

 private:
  dnnl::primitive prim_;
  std::vector<dnnl::memory> mem_;        // bound arguments, then the scratchpad if any
  std::vector<dnnl_exec_arg_t> exec_;    // C-API argument list: no per-call map allocation
  size_t bound_;                         // how many of mem_ run() rebinds
  int threads_;
};

// Sets the calling thread's OpenMP team size for oneDNN and restores it on exit.
class ThreadScope {
 public:
  explicit ThreadScope(int threads);
  ~ThreadScope();
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;

 private:
  int saved_;
};

// The cache proper (type-erased: Primitive owns a dnnl::primitive of any kind).
Primitive* find(const CacheKey& key);
Primitive& insert(const CacheKey& key, std::unique_ptr<Primitive> p);

// Returns the cached primitive for `key`, creating it from make_pd() on first use.
// make_pd() returns any primitive descriptor; build it with attr() and engine().
template <class MakePd>
Primitive& cached(const CacheKey& key, std::initializer_list<int> args, MakePd&& make_pd) {
  if (Primitive* p = find(key)) return *p;
  ThreadScope scope(key.threads);  // some implementations plan their split at creation
  try {
    return insert(key, std::make_unique<Primitive>(make_pd(), args, key.threads));
  } catch (const dnnl::error& e) {
    throw std::runtime_error("oneDNN " + std::string(key.op) + " (dims " + key.dims_string() + ", threads " +
                             std::to_string(key.threads) + "): " + e.what() +
                             " (status " + std::to_string(int(e.status)) + ")");
  }
}

}  // namespace peers::onednn
}  // namespace hotops

#endif  // HOTOPS_HAVE_ONEDNN
