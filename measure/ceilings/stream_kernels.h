// Bandwidth kernels over per-thread arrays, with ordinary (write-allocating) stores.
// Bytes are counted as likwid-bench counts them: loads + stores per element, no
// write-allocate reads, so the two tools compare like for like.
#pragma once
#include <cstddef>
#include <string_view>

namespace hotops::measure {

enum class StreamOp { read, write, copy, triad };

struct StreamOpInfo {
  StreamOp op;
  std::string_view name;
  int streams;             // arrays touched
  int counted_bytes;       // per element (8-byte doubles)
  std::string_view what;
};

// read: s += a[i]; write: a[i] = s; copy: b[i] = a[i]; triad (STREAM): a[i] = b[i] + s·c[i].
const StreamOpInfo& stream_op_info(StreamOp op);
const StreamOpInfo* find_stream_op(std::string_view name);  // nullptr if unknown

// `sweeps` passes over arrays of `n` doubles (64-byte aligned, n a multiple of 32);
// returns the bytes counted. The AVX2 version needs avx2+fma at run time.
double stream_avx2(StreamOp op, double* a, double* b, double* c, size_t n, int64_t sweeps);
double stream_sse2(StreamOp op, double* a, double* b, double* c, size_t n, int64_t sweeps);

}  // namespace hotops::measure
