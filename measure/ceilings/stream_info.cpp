#include "measure/ceilings/stream_kernels.h"

namespace hotops::measure {
namespace {

constexpr StreamOpInfo kOps[] = {
    {StreamOp::read, "read", 1, 8, "s += a[i]"},
    {StreamOp::write, "write", 1, 8, "a[i] = s"},
    {StreamOp::copy, "copy", 2, 16, "b[i] = a[i]"},
    {StreamOp::triad, "triad", 3, 24, "a[i] = b[i] + s*c[i] (STREAM triad)"},
};

}  // namespace

const StreamOpInfo& stream_op_info(StreamOp op) { return kOps[int(op)]; }

const StreamOpInfo* find_stream_op(std::string_view name) {
  for (const StreamOpInfo& i : kOps)
    if (i.name == name) return &i;
  return nullptr;
}

}  // namespace hotops::measure
