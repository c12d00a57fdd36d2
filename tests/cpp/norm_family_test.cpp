// Norm families' work models (bytes and flops per problem), problem validation, skip
// reasons and the folding of a per-channel norm into a Linear layer.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/registry.h"
#include "norm/common/inputs.h"
#include "norm/norm_linear/norm_linear.h"
#include "peers/isa.h"

namespace hotops {
namespace {

Work work_of(const char* family, const char* problem) {
  const Family& f = *find_family(family);
  return f.work(f.parse(problem));
}

TEST(NormWork, BytesFollowDtypeAndStoredWidth) {
  const double n = 4096.0 * 768;
  Work w = work_of("layernorm", "rows=4096,d=768");
  EXPECT_EQ(w.elements, n);
  EXPECT_EQ(w.bytes_read, 4 * n + 2 * 4 * 768);  // x, γ, β
  EXPECT_EQ(w.bytes_written, 4 * n);
  EXPECT_EQ(w.f32, 8 * n);
  EXPECT_EQ(w.sqrt, 4096);  // the row scale 1/√(var + ε): one square root and one division per row
  EXPECT_EQ(w.div, 4096);
  w = work_of("l1norm", "rows=4096,d=768,dtype=int8");
  EXPECT_EQ(w.bytes_read, n + 2 * 4 * 768);
  EXPECT_EQ(w.sqrt, 0);  // 1/(mad + ε): no square root
  EXPECT_EQ(w.div, 4096);
  EXPECT_EQ(w.bytes_written, n);
  w = work_of("rmsnorm", "rows=10,d=100,dtype=bf16");
  EXPECT_EQ(w.bytes_read, 2 * 1000 + 4 * 100);
  w = work_of("crmsnorm", "rows=10,d=101");  // stores 100 of the 101 entries
  EXPECT_EQ(w.elements, 1000);
  EXPECT_EQ(w.bytes_written, 4 * 1000);
  w = work_of("layernorm_bwd", "rows=10,d=100");  // x, dy, γ, mean and rstd in; dx, dγ, dβ out
  EXPECT_EQ(w.bytes_read, 2 * 4 * 1000 + 4 * 100 + 2 * 4 * 10);
  EXPECT_EQ(w.bytes_written, 4 * 1000 + 2 * 4 * 100);
  w = work_of("affine_norm", "rows=10,d=100,stats=quadratic_mean");  // γ, β, ψ²
  EXPECT_EQ(w.bytes_read, 4 * 1000 + 3 * 4 * 100);
  w = work_of("norm_linear", "rows=8,d=16,n=32");
  EXPECT_EQ(w.f32, 2.0 * 8 * 16 * 32 + 8 * 32);
  EXPECT_EQ(w.bytes(), 4.0 * (8 * 16 + 16 * 32 + 32 + 8 * 32));
}

TEST(NormWork, UnfoldedTrafficAddsTheNormalizedTensor) {
  const Family& f = *find_family("norm_linear");
  const Problem p = f.parse("rows=8,d=16,n=32");
  const Work w = f.work(p), t = f.traffic(p, *find_variant(f, "unfolded__scalar"));
  EXPECT_EQ(t.bytes_written - w.bytes_written, 4.0 * 8 * 16);
  EXPECT_EQ(f.traffic(p, *find_variant(f, "folded__scalar")).bytes(), w.bytes());
}

// What a kernel reads and writes is an operand: the statistics a forward saved, and the
// per-thread partial dγ, dβ (and ψ² updates) once the rows are split across threads.
TEST(NormOperands, SavedStatisticsAndPerThreadPartialsAreOperands) {
  auto roles = [](const char* family, const char* problem, int threads) {
    const Family& f = *find_family(family);
    std::map<std::string, std::vector<int64_t>> out;
    for (const Operand& o : f.operands(f.parse(problem), Context{threads})) out[o.role] = o.shape;
    return out;
  };
  auto ln = roles("layernorm_bwd", "rows=10,d=100", 1);
  EXPECT_EQ(ln.size(), 8u);  // x, dy, γ, mean, rstd in; dx, dγ, dβ out
  EXPECT_EQ(ln.at("mean"), std::vector<int64_t>{10});
  EXPECT_EQ(ln.at("rstd"), std::vector<int64_t>{10});
  EXPECT_EQ(roles("layernorm_bwd", "rows=10,d=100", 3).at("partial"), (std::vector<int64_t>{3, 2, 100}));
  EXPECT_EQ(roles("layernorm_bwd", "rows=2,d=100", 3).count("partial"), 0u);  // fewer rows than threads: one block
  auto rms = roles("rmsnorm_bwd", "rows=10,d=100", 1);
  EXPECT_EQ(rms.count("mean") + rms.count("dbeta"), 0u);
  EXPECT_EQ(roles("powernorm", "rows=10,d=100", 2).at("partial"), (std::vector<int64_t>{2, 100}));
  EXPECT_EQ(roles("affine_norm", "rows=10,d=100", 2).count("partial"), 0u);  // inference updates nothing
  const Family& f = *find_family("layernorm_bwd");
  const Problem p = f.parse("rows=10,d=100");
  EXPECT_EQ(f.footprint_bytes(p, nullptr, Context{2}) - f.footprint_bytes(p), 2.0 * 2 * 100 * 4);
}

// norm_linear's unfolded variants need a workspace for the normalized X; the oneDNN ones say
// that oneDNN computes (its ISA, not the file's suffix, bounds them on the roofline).
TEST(NormLinear, VariantsDeclareWorkspaceAndWhatComputes) {
  const Family& f = *find_family("norm_linear");
  const Problem p = f.parse("rows=8,d=16,n=32");
  EXPECT_EQ(find_variant(f, "unfolded__scalar")->workspace(p), 4u * (8 * 16 + 3 * 16));
  EXPECT_EQ(find_variant(f, "folded__scalar")->workspace(p), 0u);
  EXPECT_TRUE(find_variant(f, "unfolded__scalar")->is_own());
#ifdef HOTOPS_HAVE_ONEDNN
  for (const char* name : {"unfolded_onednn__avx2", "folded_onednn__jit"}) {
    const Variant& v = *find_variant(f, name);
    EXPECT_EQ(v.provider_name, "onednn") << name;
    EXPECT_EQ(v.computes_with().name, peers::onednn_isa().name) << name;
  }
#endif
}

TEST(NormProblems, BadInputIsRejectedWithTheReason) {
  auto message = [](const char* family, const char* problem) {
    try {
      find_family(family)->parse(problem);
    } catch (const ProblemError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("rmsnorm", "rows=2,d=8,dtype=int8").find("allowed values are f32, bf16"), std::string::npos);
  EXPECT_NE(message("crmsnorm", "rows=2,d=1").find("must be between 2 and"), std::string::npos);
  EXPECT_NE(message("layernorm", "rows=2").find("missing 'd'"), std::string::npos);
  EXPECT_NE(message("norm_linear", "rows=2,d=3").find("missing 'n'"), std::string::npos);
  EXPECT_THROW(norm::make_input("gaussian", 1, 4, 1), ProblemError);

  const Family& ln = *find_family("layernorm");
  EXPECT_EQ(find_variant(ln, "int_stats__scalar")->skip_reason(ln.parse("rows=1,d=8")),
            "this variant handles dtype int8 only, not f32");
  EXPECT_EQ(find_variant(ln, "two_pass__scalar")->skip_reason(ln.parse("rows=1,d=8,dtype=int8")),
            "this variant handles dtype f32/bf16 only, not int8");
}

TEST(NormLinear, FoldWithoutMeanEqualsFoldWithZeroMean) {
  const int64_t d = 5, n = 3;
  const std::vector<float> g = {1, 2, 0.5f, 1.5f, 1}, b = {0.1f, -0.2f, 0.3f, 0, 1}, var = {1, 2, 3, 0.5f, 4};
  const std::vector<float> zero(d, 0.0f), bias = {0.5f, -0.5f, 0};
  std::vector<float> w(static_cast<size_t>(d * n));
  for (size_t i = 0; i < w.size(); ++i) w[i] = 0.1f * float(i) - 0.7f;
  std::vector<float> w1(w.size()), w2(w.size()), b1(static_cast<size_t>(n)), b2(static_cast<size_t>(n));
  norm::norm_linear::fold(d, n, g.data(), b.data(), nullptr, var.data(), 1e-5f, w.data(), bias.data(), w1.data(),
                          b1.data());
  norm::norm_linear::fold(d, n, g.data(), b.data(), zero.data(), var.data(), 1e-5f, w.data(), bias.data(), w2.data(),
                          b2.data());
  EXPECT_EQ(w1, w2);
  EXPECT_EQ(b1, b2);
  // Row k of W is scaled by γ_k/√(var_k + ε).
  EXPECT_FLOAT_EQ(w1[3 * n + 1], float(1.5 / std::sqrt(0.5 + 1e-5) * w[3 * n + 1]));
}

}  // namespace
}  // namespace hotops
