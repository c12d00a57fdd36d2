// XNNPACK softmax NC f32 as a peer (three passes: rmax, exp-store with sum, scale).
// XNNPACK dispatches its micro-kernels by the host ISA at initialization ("auto").
#include "peers/xnnpack.h"
#include "softmax/softmax.h"

namespace hotops::softmax {

void xnnpack__auto(const SoftmaxArgs& a) {
  namespace xp = peers::xnnpack;
  // One operator per (row length, threads); rows are contiguous, so the strides are n.
  xp::Operator& o = xp::cached({"softmax_nc_f32", {a.n}, a.threads}, [](const peers::CacheKey& k, xnn_operator_t* op) {
    const size_t n = size_t(k.dims[0]);
    return xnn_create_softmax_nc_f32(n, n, n, /*flags=*/0, op);
  });
  pthreadpool_t pool = xp::threadpool(a.threads);
  if (const auto b = xp::binding(size_t(a.rows), a.x, a.y); b != o.bound) {
    xp::check(xnn_setup_softmax_nc_f32(o.op, size_t(a.rows), a.x, a.y, pool), "setup softmax_nc_f32");
    o.bound = b;
  }
  xp::check(xnn_run_operator(o.op, pool), "run softmax_nc_f32");
}

}  // namespace hotops::softmax
