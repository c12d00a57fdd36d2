// How the threads of a team (a warp, or a thread block) share one row of n floats, and the
// one loop that walks a thread's share of it: device kernels and their host models both
// call stream_row, so a model replays the kernel's exact order of operations.
//
// Where x and y are equally aligned, the row is a head of single floats up to the first
// 16-byte boundary (at most 3), a body of 16-byte vectors, and a tail of single floats
// (at most 3); otherwise every element is a single float. Thread `lane` of `lanes` owns
//   the t-th single float of the head, or of the tail,  when t ≡ lane (mod lanes),
//   the j-th vector of the body                        when j ≡ lane (mod lanes),
// so every element has exactly one owner, consecutive lanes touch consecutive vectors
// (coalesced), a thread visits its elements in increasing index order, and it issues four
// vector loads before it uses the first (memory-level parallelism).
#pragma once
#include "core/cuda/hd.cuh"

namespace hotops::cuda {

struct RowSplit {
  int64_t head = 0, vectors = 0, tail = 0;  // single floats, 4-float vectors, single floats
};

HOTOPS_HD RowSplit split_row(const float* x, const float* y, int64_t n) {
  const uintptr_t ax = uintptr_t(x) & 15, ay = uintptr_t(y) & 15;
  if (ax != ay || (ax & 3) != 0) return {n, 0, 0};
  int64_t head = int64_t((16 - ax) & 15) / 4;
  if (head > n) head = n;
  const int64_t vectors = (n - head) / 4;
  return {head, vectors, n - head - 4 * vectors};
}

// Calls v = op(slot, in[i]) on every element this lane owns, in increasing i, and stores v
// to out[i] when out is not null (in and out may be the same row: each element is read
// before it is written, by the same thread). op folds what it needs into its own state;
// `slot` (0-3) is the position of the element's vector among the four loaded together, so
// that a fold can keep four independent accumulators (single floats: slot 0).
template <class Op>
HOTOPS_HD void stream_row(const float* in, float* out, const RowSplit& s, int lane, int lanes, Op& op) {
  for (int64_t i = lane; i < s.head; i += lanes) {
    const float v = op(0, in[i]);
    if (out) out[i] = v;
  }
  const float* vin = in + s.head;
  float* vout = out ? out + s.head : nullptr;
  auto apply = [&](int slot, int64_t j, Vec4 r) {
    r.v[0] = op(slot, r.v[0]), r.v[1] = op(slot, r.v[1]);  // in order, no loop: r stays in registers
    r.v[2] = op(slot, r.v[2]), r.v[3] = op(slot, r.v[3]);
    if (vout) store4(vout + 4 * j, r);
  };
  int64_t j = lane;
  for (; j + 3 * int64_t(lanes) < s.vectors; j += 4 * int64_t(lanes)) {
    const Vec4 a = load4(vin + 4 * j), b = load4(vin + 4 * (j + lanes)), c = load4(vin + 4 * (j + 2 * lanes)),
               d = load4(vin + 4 * (j + 3 * lanes));
    apply(0, j, a), apply(1, j + lanes, b), apply(2, j + 2 * lanes, c), apply(3, j + 3 * lanes, d);
  }
  for (; j < s.vectors; j += lanes) apply(0, j, load4(vin + 4 * j));
  const int64_t t0 = s.head + 4 * s.vectors;
  for (int64_t i = t0 + lane; i < t0 + s.tail; i += lanes) {
    const float v = op(0, in[i]);
    if (out) out[i] = v;
  }
}

}  // namespace hotops::cuda
