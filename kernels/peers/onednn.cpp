// oneDNN engine, stream and primitive cache (see onednn.h).
#ifdef HOTOPS_HAVE_ONEDNN
#include "peers/onednn.h"

#include <fmt/format.h>
#include <omp.h>

#include <cstring>
#include <map>
#include <mutex>

namespace hotops {

std::string onednn_version() {
  const dnnl_version_t* v = dnnl_version();
  std::string s = fmt::format("{}.{}.{}", v->major, v->minor, v->patch);
  if (v->hash && std::strcmp(v->hash, "N/A") != 0) s += fmt::format(" ({})", v->hash);
  return s;
}

namespace peers {

// oneDNN's dispatch level, as the ISA of core/isa.inc whose peak bounds its arithmetic.
const IsaInfo& onednn_isa() {
  switch (dnnl_get_effective_cpu_isa()) {
    case dnnl_cpu_isa_avx2:
    case dnnl_cpu_isa_avx2_vnni:
      return isa("avx2");
    case dnnl_cpu_isa_avx512_core:
      return isa("avx512f");
    case dnnl_cpu_isa_avx512_core_vnni:
      return isa("avx512vnni");
    case dnnl_cpu_isa_avx512_core_bf16:
    case dnnl_cpu_isa_avx512_core_amx:
      return isa("avx512bf16");
    default:
      return isa("scalar");
  }
}

}  // namespace peers

namespace peers::onednn {

const dnnl::engine& engine() {
  static const dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::stream& stream() {
  static dnnl::stream s(engine());
  return s;
}

dnnl::primitive_attr attr() {
  dnnl::primitive_attr a;
  a.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return a;
}

ThreadScope::ThreadScope(int threads) : saved_(omp_get_max_threads()) {
  omp_set_num_threads(threads < 1 ? 1 : threads);
}
ThreadScope::~ThreadScope() { omp_set_num_threads(saved_); }

Primitive::Primitive(const dnnl::primitive_desc_base& pd, std::initializer_list<int> args, int threads)
    : prim_(pd.get()), bound_(args.size()), threads_(threads) {
  for (int arg : args) {
    mem_.emplace_back(pd.query_md(dnnl::query::exec_arg_md, arg), engine(), static_cast<void*>(DNNL_MEMORY_NONE));
    exec_.push_back({arg, mem_.back().get()});
  }
  // Library-mode scratchpads report size 0 here; user mode gives us one to own.
  if (const dnnl::memory::desc sd = pd.scratchpad_desc(); sd.get_size() > 0) {
    mem_.emplace_back(sd, engine());  // allocated once, now
    exec_.push_back({DNNL_ARG_SCRATCHPAD, mem_.back().get()});
  }
}

void Primitive::run(std::initializer_list<const void*> data) {
  if (data.size() != bound_)
    throw std::invalid_argument(
        fmt::format("oneDNN primitive takes {} pointers per run, got {}", bound_, data.size()));
  size_t i = 0;
  // oneDNN's handles are non-const; it does not write to source arguments.
  for (const void* p : data) mem_[i++].set_data_handle(const_cast<void*>(p));
  ThreadScope scope(threads_);
  if (dnnl_status_t s = dnnl_primitive_execute(prim_.get(), stream().get(), int(exec_.size()), exec_.data());
      s != dnnl_success)
    throw std::runtime_error(fmt::format("oneDNN primitive execution failed (status {})", int(s)));
  stream().wait();
}

namespace {
struct Cache {
  std::mutex mu;
  std::map<CacheKey, std::unique_ptr<Primitive>> entries;
};
Cache& cache() {
  static Cache c;
  return c;
}
}  // namespace

Primitive* find(const CacheKey& key) {
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  auto it = c.entries.find(key);
  return it == c.entries.end() ? nullptr : it->second.get();
}

Primitive& insert(const CacheKey& key, std::unique_ptr<Primitive> p) {
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  auto [it, added] = c.entries.try_emplace(key, std::move(p));
  return *it->second;  // a concurrent creator may have won; either primitive is equivalent
}

}  // namespace peers::onednn
}  // namespace hotops

#endif  // HOTOPS_HAVE_ONEDNN
