// The GEMM library's front: argument checks, which ISA file serves a call, row splitting across
// threads, the thread's scratch buffers.
#include "gemm/gemm.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "core/buffer.h"
#include "gemm/impl.h"

namespace hotops::gemm {
namespace {

using impl::FloatCall;
using impl::IntCall;
using impl::IntOut;

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("gemm: " + what); }

// A stored matrix of `rows`×`cols` (as stored, before op) needs ld ≥ cols.
void check_ld(const char* name, int64_t ld, bool trans, int64_t op_rows, int64_t op_cols) {
  const int64_t cols = trans ? op_rows : op_cols;
  if (ld < std::max<int64_t>(cols, 1)) fail(fmt::format("{}: ld {} < {} stored columns", name, ld, cols));
}

void check_dims(Dims d, int64_t ldc) {
  if (d.m < 0 || d.n < 0 || d.k < 0) fail(fmt::format("negative dims m={} n={} k={}", d.m, d.n, d.k));
  if (ldc < std::max<int64_t>(d.n, 1)) fail(fmt::format("ldc {} < n {}", ldc, d.n));
}

// Runs fn on rows split across threads (contiguous blocks, in order).
template <class Call, class Fn>
void split(const Call& c, int threads, Fn fn) {
  const int64_t m = c.m1 - c.m0;
  if (threads <= 1 || m < 2 * threads) return fn(c);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int t = 0; t < threads; ++t) {
    Call sub = c;
    sub.m0 = c.m0 + m * t / threads, sub.m1 = c.m0 + m * (t + 1) / threads;
    fn(sub);
  }
}

void run_float(Isa isa, const FloatCall& c, int threads) {
  using impl::Elem;
  void (*fn)(const FloatCall&) = nullptr;
  switch (isa) {
    case Isa::scalar: fn = impl::float_scalar; break;
    case Isa::avx2: fn = c.elem == Elem::bf16 ? nullptr : impl::float_avx2; break;
    case Isa::avx512f: fn = c.elem == Elem::bf16 ? nullptr : impl::float_avx512f; break;
    case Isa::avx512bf16: fn = c.elem == Elem::bf16 ? impl::float_avx512bf16 : nullptr; break;
    default: break;
  }
  static constexpr const char* kElem[] = {"f32", "f16", "bf16"};
  if (!fn) fail(fmt::format("no {} kernel for ISA {}", kElem[int(c.elem)], isa_name(isa)));
  check_dims(c.d, c.ldc);
  check_ld("A", c.lda, c.ta, c.d.m, c.d.k);
  check_ld("B", c.ldb, c.tb, c.d.k, c.d.n);
  split(c, threads, fn);
}

FloatCall float_call(impl::Elem e, Dims d, const void* a, int64_t lda, bool ta, const void* b, int64_t ldb, bool tb,
                     float* c, int64_t ldc, bool accumulate) {
  return {d, 0, d.m, e, a, lda, ta, b, ldb, tb, c, ldc, accumulate};
}

using IntFn = void (*)(const IntCall&);

IntFn int_fn(Isa isa, bool rearranged) {
  switch (isa) {
    case Isa::scalar: return rearranged ? impl::rearranged_scalar : impl::int_scalar;
    case Isa::avx2: return rearranged ? impl::rearranged_avx2 : impl::int_avx2;
    case Isa::avxvnni: return rearranged ? impl::rearranged_avxvnni : impl::int_avxvnni;
    case Isa::avx512vnni_ymm: return rearranged ? impl::rearranged_avx512vnni_ymm : impl::int_avx512vnni_ymm;
    case Isa::avx512vnni: return rearranged ? impl::rearranged_avx512vnni : impl::int_avx512vnni;
    default: fail(fmt::format("no integer kernel for ISA {}", isa_name(isa)));
  }
}

IntCall int_call(IntOut out, Dims d, int64_t group, IntMat a, IntMat b, void* c, int64_t ldc) {
  check_dims(d, ldc);
  check_ld("A", a.ld, a.trans, d.m, d.k);
  check_ld("B", b.ld, b.trans, d.k, d.n);
  IntCall call{};
  call.d = d, call.m0 = 0, call.m1 = d.m, call.out = out, call.group = group, call.a = a, call.b = b;
  call.c = c, call.ldc = ldc;
  return call;
}

void check_group(int64_t group) {
  if (group < 4 || group > 4096 || (group & (group - 1)))
    fail(fmt::format("group {} must be a power of two in [4, 4096]", group));
}

int64_t groups_of(Dims d, int64_t group) { return std::max<int64_t>(1, (d.k + group - 1) / group); }

// Min over groups of each of `count` exponent rows; refuses spreads the int64 shift budget cannot
// take and exponents whose power of two is not a normal float.
int8_t* exponent_mins(const char* name, GroupScale<int8_t> e, int64_t count, int64_t groups, int slot) {
  int8_t* mins = impl::scratch_as<int8_t>(slot, size_t(std::max<int64_t>(count, 1)));
  for (int64_t r = 0; r < count; ++r) {
    int lo = 127, hi = -128;
    for (int64_t g = 0; g < groups; ++g) {
      const int v = e.data[r * e.rs + g * e.gs];
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (lo < -126) fail(fmt::format("{}: exponent {} of index {} is below -126", name, lo, r));
    if (hi - lo > kMaxShiftSpread)
      fail(fmt::format("{}: exponents of index {} spread over {} > {} (the int64 shift budget)", name, r, hi - lo,
                       kMaxShiftSpread));
    mins[r] = int8_t(lo);
  }
  return mins;
}

IntCall shift_call(IntOut out, Dims d, int group, IntMat a, GroupScale<int8_t> ea, IntMat b, GroupScale<int8_t> eb,
                   void* c, int64_t ldc) {
  check_group(group);
  IntCall call = int_call(out, d, group, a, b, c, ldc);
  if (d.k > max_k_shift()) fail(fmt::format("k = {} > {}: the exact int64 sum could overflow", d.k, max_k_shift()));
  call.ea = ea, call.eb = eb;
  call.amin = exponent_mins("A exponents", ea, d.m, groups_of(d, group), 8);
  call.bmin = exponent_mins("B exponents", eb, d.n, groups_of(d, group), 9);
  return call;
}

float pow2(int e) { return std::ldexp(1.0f, e); }

}  // namespace

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::scalar: return "scalar";
    case Isa::avx2: return "avx2";
    case Isa::avxvnni: return "avxvnni";
    case Isa::avx512vnni_ymm: return "avx512vnni_ymm";
    case Isa::avx512f: return "avx512f";
    case Isa::avx512vnni: return "avx512vnni";
    case Isa::avx512bf16: return "avx512bf16";
  }
  return "?";
}

std::byte* impl::scratch(int slot, size_t bytes) {
  thread_local std::array<Buffer<std::byte>, 14> buffers;
  Buffer<std::byte>& b = buffers.at(size_t(slot));
  if (b.size() < bytes) b = Buffer<std::byte>(bytes + bytes / 4);
  return b.data();
}

void f32(Isa isa, Dims d, Mat<float> a, Mat<float> b, float* c, int64_t ldc, bool accumulate, int threads) {
  run_float(isa, float_call(impl::Elem::f32, d, a.data, a.ld, a.trans, b.data, b.ld, b.trans, c, ldc, accumulate),
            threads);
}
void f16(Isa isa, Dims d, Mat<hotops::f16> a, Mat<hotops::f16> b, float* c, int64_t ldc, bool accumulate, int threads) {
  run_float(isa, float_call(impl::Elem::f16, d, a.data, a.ld, a.trans, b.data, b.ld, b.trans, c, ldc, accumulate),
            threads);
}
void bf16(Isa isa, Dims d, Mat<hotops::bf16> a, Mat<hotops::bf16> b, float* c, int64_t ldc, bool accumulate,
          int threads) {
  run_float(isa, float_call(impl::Elem::bf16, d, a.data, a.ld, a.trans, b.data, b.ld, b.trans, c, ldc, accumulate),
            threads);
}

int64_t max_k_s32() { return 2147483647 / (128 * 127); }
int64_t max_k_shift() { return INT64_MAX / (int64_t(127 * 127) << (2 * kMaxShiftSpread)); }

void s8(Isa isa, Dims d, IntMat a, IntMat b, int32_t* c, int64_t ldc, int threads) {
  if (d.k > max_k_s32()) fail(fmt::format("k = {} > {}: the s32 sum could overflow", d.k, max_k_s32()));
  const IntCall call = int_call(IntOut::s32, d, std::max<int64_t>(d.k, 1), a, b, c, ldc);
  split(call, threads, int_fn(isa, false));
}

void s8_scaled(Isa isa, Dims d, IntMat a, const float* sa, IntMat b, const float* sb, float* c, int64_t ldc,
               int threads) {
  if (d.k <= impl::kIntKC) {
    if (d.k > max_k_s32()) fail(fmt::format("k = {} > {}: the s32 sum could overflow", d.k, max_k_s32()));
    IntCall call = int_call(IntOut::s32_scaled, d, std::max<int64_t>(d.k, 1), a, b, c, ldc);
    call.sa = sa, call.sb = sb;
    return split(call, threads, int_fn(isa, false));
  }
  int32_t* exact = impl::scratch_as<int32_t>(10, size_t(d.m * d.n));
  s8(isa, d, a, b, exact, d.n, threads);
  for (int64_t i = 0; i < d.m; ++i)
    for (int64_t j = 0; j < d.n; ++j) c[i * ldc + j] = (sa[i] * sb[j]) * float(exact[i * d.n + j]);
}

void shift(Isa isa, Dims d, int group, IntMat a, GroupScale<int8_t> ea, IntMat b, GroupScale<int8_t> eb, int64_t* c,
           int64_t ldc, int threads) {
  split(shift_call(IntOut::shift_s64, d, group, a, ea, b, eb, c, ldc), threads, int_fn(isa, false));
}

void shift_dequant(Isa isa, Dims d, int group, IntMat a, GroupScale<int8_t> ea, IntMat b, GroupScale<int8_t> eb,
                   float* c, int64_t ldc, int threads) {
  if (d.k <= impl::kIntKC)
    return split(shift_call(IntOut::shift_f32, d, group, a, ea, b, eb, c, ldc), threads, int_fn(isa, false));
  int64_t* exact = impl::scratch_as<int64_t>(10, size_t(d.m * d.n));
  const IntCall call = shift_call(IntOut::shift_s64, d, group, a, ea, b, eb, exact, d.n);
  split(call, threads, int_fn(isa, false));
  for (int64_t i = 0; i < d.m; ++i)
    for (int64_t j = 0; j < d.n; ++j)
      c[i * ldc + j] = (float(exact[i * d.n + j]) * pow2(call.amin[i])) * pow2(call.bmin[j]);
}

void group_fma(Isa isa, Dims d, int group, IntMat a, GroupScale<float> sa, IntMat b, GroupScale<float> sb, float* c,
               int64_t ldc, int threads) {
  check_group(group);
  if (d.k > max_k_s32()) fail(fmt::format("k = {} > {}", d.k, max_k_s32()));
  IntCall call = int_call(IntOut::fma_f32, d, group, a, b, c, ldc);
  call.fa = sa, call.fb = sb;
  split(call, threads, int_fn(isa, false));
}

void group_rearranged(Isa isa, Dims d, int group, IntMat a, GroupScale<float> sa, IntMat b, GroupScale<float> sb,
                      float* c, int64_t ldc, int threads) {
  check_group(group);
  if (d.k > max_k_s32()) fail(fmt::format("k = {} > {}", d.k, max_k_s32()));
  IntCall call = int_call(IntOut::fma_f32, d, group, a, b, c, ldc);
  call.fa = sa, call.fb = sb;
  split(call, threads, int_fn(isa, true));
}

}  // namespace hotops::gemm
