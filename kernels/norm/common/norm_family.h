// What every norm family shares on top of the core contract: the input kinds (inputs.h), ε,
// the int8 output scale and tolerances, the peer allowance on hostile inputs, the dtype
// restrictions of the variant lists, and running an own kernel over blocks of rows.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/define_family.h"
#include "core/family.h"
#include "core/threads.h"
#include "norm/common/args.h"
#include "norm/common/inputs.h"

namespace hotops::norm {

inline constexpr float kEps = 1e-5f;            // ε of every norm family
inline constexpr double kInt8Tol = 0.01;        // LSB beyond correct rounding (int8 outputs)
inline constexpr double kOutScale = 4.0 / 127;  // int8 output scale: |y| up to 4 representable
// Peers (oneDNN) keep unshifted f32 statistics: on large offsets and constant rows their
// error is ~u·|μ|/σ or a summation error times 1/√ε (measured up to 8e-3). They are held to
// the family tolerance on the benchmark input and only to this on the hostile inputs.
inline constexpr double kPeerHostileTol = 3e-2;

// Compute tolerance of an f32 row statistic over n terms held in a few vector lanes:
// a few ulps for the final scale, plus the rounding of the sums.
double f32_tolerance(int64_t n);

// The expected values of an output (count of them, for the reference to fill in), with the
// norms' error measure: relative to the rms of each reference row unless `floor` says otherwise.
Expected expect(std::string output, size_t count, double tol, Expected::Floor floor = Expected::Floor::row_rms);

// Variant::unsupported of a variant that handles only the storage dtypes Ts (variants.inc:
// `.unsupported(kFloats)`).
std::string dtypes_unsupported(const Problem& p, std::initializer_list<DType> handled);
template <DType... Ts>
std::string handles(const Problem& p) {
  return dtypes_unsupported(p, {Ts...});
}
inline constexpr Variant::Unsupported kFloats = handles<DType::f32, DType::bf16>;
inline constexpr Variant::Unsupported kInt8 = handles<DType::int8>;

// Schema of the rows × d families: rows (default 1), d (≥ min_d), dtype (first = default).
ProblemSchema rows_schema(std::vector<std::string> dtypes, int64_t min_d = 1);

// The shared sweep of awkward sizes for the given dtypes (d ≥ min_d): odd d, d = 1, vector
// tails of every ISA; f32 adds a problem whose x and y exceed a 32 MiB last-level cache,
// int8 one that crosses the 64 Ki-element flushes of the integer Σq² lanes. `big` = false
// leaves the out-of-cache problem out (the backward families).
std::vector<std::string> row_test_problems(const std::vector<std::string>& dtypes, int64_t min_d = 1, bool big = true);

class NormFamily : public Family {
 public:
  NormFamily(std::string_view name, std::string_view description, ProblemSchema schema,
             std::vector<std::string> test_problems, std::vector<Variant> variants);
  // The family's tolerance, or the peer allowance on hostile inputs.
  double tolerance(const Variant& v, const Case& c, const Expected& e) const override;
};

// In an add_variants body: declares the kernel `void name(const Args&)` of the family's
// namespace and adds it to the list (HOTOPS_ADD_VARIANT, core/variant.h).
#define HOTOPS_ADD_NORM_VARIANT(Args, name, ...) \
  {                                              \
    void name(const Args&);                      \
    HOTOPS_ADD_VARIANT(name, __VA_ARGS__)        \
  }

// Defines hotops::<name>_family() (kernels/families.inc), built once by norm::make(spec...,
// variants); the function body that follows the macro adds the variants from the family's
// list:
//   HOTOPS_NORM_FAMILY(rmsnorm, row_norm_family, {.name = "rmsnorm", ...}) {
//   #define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(RowNormArgs, __VA_ARGS__)
//   #include "norm/rmsnorm/variants.inc"
//   #undef HOTOPS_VARIANT
//   }
#define HOTOPS_NORM_FAMILY(name, make, ...)                                                        \
  namespace hotops {                                                                               \
  const Family& name##_family();                                                                   \
  namespace norm::name {                                                                           \
  void add_variants(VariantList& list);                                                            \
  }                                                                                                \
  }                                                                                                \
  const hotops::Family& hotops::name##_family() {                                                  \
    static const std::unique_ptr<Family> f =                                                       \
        norm::make(__VA_OPT__(__VA_ARGS__, ) variants_of(#name, norm::name::add_variants));       \
    return *f;                                                                                     \
  }                                                                                                \
  void hotops::norm::name::add_variants(VariantList& list)

// Row r of a buffer of rows like a's (same width and storage dtype).
inline const void* row_at(const void* p, int64_t r, const Rows& a) {
  return static_cast<const char*>(p) + dtype_bytes(a.dtype, size_t(r * a.d));
}
inline void* row_at(void* p, int64_t r, const Rows& a) {
  return static_cast<char*>(p) + dtype_bytes(a.dtype, size_t(r * a.d));
}

// The kernel's view of the case's input "x".
inline Rows input_rows(Case& c) {
  const Tensor& x = c.tensor("x");
  return {x.rows(), x.width(), x.dtype(), c.ptr<const void>("x")};
}

// Calls v's kernel on a: a peer once, with all the threads (it splits the work itself); an own
// kernel, which is single-threaded, once per block of rows, one block per thread, after
// narrow(b, lo, t) has pointed a copy b of the arguments (x already done) at rows [lo, lo + b.rows)
// of block t.
// Returns the number of blocks (1: one call on all rows).
template <class Args, class Narrow>
int run_rows(const Variant& v, const Args& a, Narrow&& narrow) {
  const auto kernel = v.kernel<Args>();
  const int blocks = row_blocks(a.rows, a.threads);
  if (!v.is_own() || blocks == 1) return kernel(a), 1;
  split_rows(a.rows, a.threads, [&](int64_t lo, int64_t hi, int t) {
    Args b = a;
    b.rows = hi - lo, b.threads = 1, b.x = row_at(a.x, lo, a);
    narrow(b, lo, t);
    kernel(b);
  });
  return blocks;
}

}  // namespace hotops::norm
