// vq_logits beyond the shared fp64 sweep: the problem rules and the map guard, the fused form
// against gather-then-softmax, dense against codebook, the hostile inputs' known answers, broken
// kernels caught by the check, the work model, and the sampler's distribution (chi-square).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/isa.h"
#include "core/random.h"
#include "core/registry.h"
#include "suite.h"
#include "vq_logits/model.h"
#include "vq_logits/vq_logits.h"

namespace hotops::vq_logits {
namespace {

const Family& family() { return *find_family("vq_logits"); }

std::string parse_error(const std::string& repro) {
  try {
    family().parse(repro);
  } catch (const ProblemError& e) {
    return e.what();
  }
  return "";
}

// The variants of `algorithm` this machine runs, per ISA.
std::vector<const Variant*> runnable(std::string_view algorithm) {
  std::vector<const Variant*> out;
  for (const Variant& v : family().variants())
    if (v.algorithm() == algorithm && isa_unavailable(*v.isa).empty()) out.push_back(&v);
  return out;
}

const Variant& variant(std::string_view name) {
  const Variant* v = find_variant(family(), name);
  if (!v) throw std::logic_error("no variant " + std::string(name));
  return *v;
}

TEST(VqLogitsProblem, RelationsAreRefusedWhenParsed) {
  EXPECT_NE(parse_error("vocab=100,codes=101").find("codes=101 exceeds vocab=100"), std::string::npos);
  EXPECT_NE(parse_error("vocab=0,codes=1").find("'vocab=0'"), std::string::npos);
  EXPECT_NE(parse_error("vocab=100000,codes=40000,map_dtype=int16").find("do not fit map_dtype=int16"),
            std::string::npos);
  EXPECT_NE(parse_error("vocab=100,codes=7,layer=dense,out=sample").find("layer=codebook"), std::string::npos);
  EXPECT_EQ(parse_error("vocab=100000,codes=32768,map_dtype=int16"), "");
  EXPECT_EQ(parse_error("vocab=7,codes=7"), "");
}

TEST(VqLogitsProblem, ASuiteNamingABadProblemFailsWhenItLoads) {
  const std::filesystem::path p = std::filesystem::temp_directory_path() / "hotops-vq-bad-suite.yaml";
  std::ofstream(p) << "entries: [{family: vq_logits, problems: [\"vocab=1000,codes=7\", \"vocab=100,codes=300\"]}]\n";
  try {
    load_suite(p.string());
    ADD_FAILURE() << "a suite with codes > vocab loaded";
  } catch (const SuiteError& e) {
    EXPECT_NE(std::string(e.what()).find("entry 1: codes=300 exceeds vocab=100"), std::string::npos) << e.what();
  }
  std::filesystem::remove(p);
}

TEST(VqLogitsProblem, MapEntriesOutOfRangeAreNamed) {
  for (const char* repro : {"vocab=100,codes=7", "vocab=100,codes=7,map_dtype=int16", "vocab=40000,codes=32768,d=1,map_dtype=int16"}) {
    try {
      family().make_case(family().parse(repro), "corrupt_map", 1);
      ADD_FAILURE() << repro << ": a corrupt map was accepted";
    } catch (const ProblemError& e) {
      EXPECT_NE(std::string(e.what()).find("map["), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("is outside [0, codes="), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(validate_map({0, 1, -1}, 2), ProblemError);
  EXPECT_NO_THROW(validate_map({0, 1, 1}, 2));
}

TEST(VqLogitsProblem, DriverRefusesACorruptMapWithAMessage) {
  const std::string cmd = std::string(HOTOPS_BENCH) +
                          " run-one --family vq_logits --variant fused__scalar --problem vocab=100,codes=7"
                          " --input corrupt_map 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe)) out += buf;
  const int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 2) << out;
  EXPECT_NE(out.find("map[50] = 7 is outside [0, codes=7)"), std::string::npos) << out;
}

// Outputs of one variant on a case, by role.
std::map<std::string, std::vector<double>> outputs(Case& c, const Variant& v, const std::vector<std::string>& roles) {
  c.prepare(v);
  c.run(v);
  std::map<std::string, std::vector<double>> out;
  for (const std::string& r : roles) out[r] = c.tensor(r).values();
  return out;
}

void expect_close(const std::vector<double>& a, const std::vector<double>& b, double tol, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_LE(std::fabs(a[i] - b[i]), tol * (1 + std::fabs(b[i]))) << what << " [" << i << "]: " << a[i] << " vs " << b[i];
}

TEST(VqLogitsPaths, FusedEqualsGatherThenSoftmax) {
  const auto gathers = runnable("gather"), fused = runnable("fused");
  ASSERT_EQ(gathers.size(), fused.size());
  for (const char* repro : {"vocab=1000,codes=33,d=40", "vocab=4099,codes=100,d=24,map=clustered,map_dtype=int16",
                            "tokens=3,vocab=777,codes=64,from=logits"})
    for (const char* out : {"logprob", "loss_grad"})
      for (const std::string& input : input_kinds())
        for (size_t i = 0; i < gathers.size(); ++i) {
          const Problem p = family().parse(std::string(repro) + ",out=" + out);
          auto c = family().make_case(p, input, 3);
          const bool grad = std::string(out) == "loss_grad";
          const std::vector<std::string> roles = grad ? std::vector<std::string>{"loss", "dlc"}
                                                      : std::vector<std::string>{"logp", "lse"};
          auto g = outputs(*c, *gathers[i], roles), f = outputs(*c, *fused[i], roles);
          const std::string what = std::string(fused[i]->name) + " " + p.repro + " " + input;
          // gradients: the gather path's f32 scatter-add of up to max n_j terms
          for (const std::string& r : roles) expect_close(f[r], g[r], r == "dlc" ? 3e-4 : 2e-5, what + " " + r);
        }
}

TEST(VqLogitsPaths, DenseLayerComputesTheCodebookLayersFunction) {
  for (const Variant* dense : runnable("dense")) {
    const Variant& fused = variant("fused__" + std::string(dense->isa_name()));
    for (const char* repro : {"vocab=1000,codes=33,d=40", "tokens=2,vocab=300,codes=20,from=logits"}) {
      auto cd = family().make_case(family().parse(std::string(repro) + ",layer=dense"), "uniform", 5);
      auto cc = family().make_case(family().parse(repro), "uniform", 5);
      expect_close(outputs(*cd, *dense, {"logp"})["logp"], outputs(*cc, fused, {"logp"})["logp"], 2e-5,
                   std::string(dense->name) + " " + repro);
    }
  }
}

TEST(VqLogitsPaths, HostileInputsHaveTheirKnownAnswers) {
  for (const Variant* v : runnable("fused")) {
    // One code holds the vocabulary: every token has probability 1/V, and the gradient is 0.
    auto c = family().make_case(family().parse("vocab=1000,codes=7,d=16,out=loss_grad"), "one_code", 1);
    auto o = outputs(*c, *v, {"loss", "dlc"});
    EXPECT_NEAR(o["loss"][0], std::log(1000.0), 1e-5) << v->name;
    for (double g : o["dlc"]) EXPECT_NEAR(g, 0.0, 1e-6) << v->name;
    // Empty codes take no probability and get no gradient, exactly.
    auto e = family().make_case(family().parse("vocab=1000,codes=16,d=16,out=loss_grad"), "empty_codes", 1);
    const std::vector<double> logn = e->tensor("log_counts").values();
    auto oe = outputs(*e, *v, {"dlc"});
    int empty = 0;
    for (size_t j = 0; j < logn.size(); ++j) {
      if (!std::isinf(logn[j])) continue;
      EXPECT_EQ(oe["dlc"][j], 0.0) << v->name << " code " << j;
      ++empty;
    }
    EXPECT_EQ(empty, 8);
  }
}

// ---- broken kernels the check must catch ------------------------------------------------

void forgets_counts(const VqArgs& a) {  // softmax over the used codes' L_c alone: each counted once
  std::vector<float> logn(a.log_counts, a.log_counts + a.codes);
  for (float& x : logn) x = std::isinf(x) ? x : 0.0f;
  VqArgs b = a;
  b.log_counts = logn.data();
  fused__scalar(b);
}
void keeps_empty_codes(const VqArgs& a) {  // log n_j = 0 for an empty code instead of −inf
  std::vector<float> logn(a.log_counts, a.log_counts + a.codes);
  for (float& x : logn) x = std::isinf(x) ? 0.0f : x;
  VqArgs b = a;
  b.log_counts = logn.data();
  fused__scalar(b);
}
void gather_skips_tail(const VqArgs& a) {  // a vector loop that forgets the last V % 16 tokens
  VqArgs b = a;
  b.vocab = a.vocab - a.vocab % 16;
  gather__scalar(b);
}

bool passes(void (*k)(const VqArgs&), const char* name, const std::string& repro, const std::string& input) {
  const Variant v = VariantList("vq_logits").add(name, k, "test").workspace(+[](const Problem& p) {
    return size_t(4 * (p.dim("tokens") * p.dim("vocab") + 2 * p.dim("vocab")));
  });
  return family().make_case(family().parse(repro), input, 7)->check(v).passed;
}

TEST(VqLogitsBroken, CheckCatchesWrongKernels) {
  EXPECT_FALSE(passes(forgets_counts, "forgets_counts__scalar", "vocab=1000,codes=33,d=17", "uniform"));
  EXPECT_FALSE(passes(forgets_counts, "forgets_counts__scalar", "vocab=1000,codes=33,d=17,out=sample", "uniform"));
  EXPECT_TRUE(passes(keeps_empty_codes, "keeps_empty_codes__scalar", "vocab=1000,codes=16,d=17", "uniform"));
  EXPECT_FALSE(passes(keeps_empty_codes, "keeps_empty_codes__scalar", "vocab=1000,codes=16,d=17", "empty_codes"));
  EXPECT_FALSE(passes(gather_skips_tail, "gather_skips_tail__scalar", "vocab=1000,codes=33,d=17,map=clustered",
                      "ends"));
  EXPECT_TRUE(passes(fused__scalar, "fused__scalar", "vocab=1000,codes=33,d=17,out=sample", "uniform"));
}

// ---- work model ---------------------------------------------------------------------------

TEST(VqLogitsWork, DenseStreamsWAndCodebookStreamsC) {
  const Work dense = family().work(family().parse("vocab=32000,codes=1024,d=4096,layer=dense"));
  EXPECT_DOUBLE_EQ(dense.f32, 2.0 * 32000 * 4096 + 3.0 * 32000);
  EXPECT_DOUBLE_EQ(dense.exp, 32000);
  EXPECT_GE(dense.bytes_read, 32000.0 * 4096 * 4);
  EXPECT_LT(dense.bytes_read, 32000.0 * 4096 * 4 * 1.01);
  const Work bf = family().work(family().parse("tokens=8,vocab=32000,codes=1024,d=4096,dtype=bf16"));
  EXPECT_DOUBLE_EQ(bf.bf16_dot, 2.0 * 8 * 1024 * 4096);
  EXPECT_DOUBLE_EQ(bf.exp, 8.0 * 1024);  // the fused form: no V-wide work in the minimum
  EXPECT_LT(bf.bytes_read, 1024.0 * 4096 * 2 * 1.01);
  const Problem g = family().parse("vocab=32000,codes=1024,d=4096");
  const Work gt = family().traffic(g, variant("gather__scalar"));
  EXPECT_DOUBLE_EQ(gt.exp, 32000);
  EXPECT_DOUBLE_EQ(gt.bytes_read - family().work(g).bytes_read, 32000.0 * 4);
}

// ---- sampling: chi-square of many draws from one distribution ----------------------------

// Chi-square statistic of counts against probabilities p (bins with expectation < 5 merged).
double chi_square(const std::vector<int64_t>& counts, const std::vector<double>& p, int64_t n, int* df) {
  double stat = 0, merged_e = 0, merged_o = 0;
  *df = -1;
  for (size_t i = 0; i < p.size(); ++i) {
    const double e = p[i] * double(n);
    if (e < 5) {
      merged_e += e, merged_o += double(counts[i]);
      continue;
    }
    stat += (double(counts[i]) - e) * (double(counts[i]) - e) / e, ++*df;
  }
  if (merged_e > 0) stat += (merged_o - merged_e) * (merged_o - merged_e) / merged_e, ++*df;
  return stat;
}

// Upper 1e-6 tail of chi-square(df) (Wilson-Hilferty): a correct sampler exceeds it once in a million seeds.
double chi_square_limit(int df) {
  const double k = double(df), z = 4.753;
  return k * std::pow(1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k)), 3);
}

// Every token position gets token 0's logits and fresh uniforms; returns the chi-square statistic.
double sample_statistic(void (*kernel)(const VqArgs&), const Variant& v, const std::string& repro, int* df) {
  const int64_t N = 20000;
  auto c = family().make_case(family().parse("tokens=20000," + repro + ",out=sample"), "uniform", 11);
  const Shape s(c->problem());
  float* L = c->tensor("logits").host_as<float>();
  for (int64_t t = 1; t < N; ++t) std::copy(L, L + s.K, L + t * s.K);
  double* u = c->tensor("u").host_as<double>();
  Rng rng(99);
  for (int64_t i = 0; i < 2 * N; ++i) u[i] = rng.uniform(0.0, 1.0);
  c->prepare(v);
  if (kernel) {
    const Variant k = VariantList("vq_logits").add("test__scalar", kernel, "test").workspace(+[](const Problem& p) {
      return size_t(8 * p.dim("codes"));
    });
    c->prepare(k);
    c->run(k);
  } else {
    c->run(v);
  }
  // Exact token probabilities from the stored logits and the map.
  const std::vector<double> map = c->tensor("map").values();
  std::vector<double> n(size_t(s.K), 0.0), p(size_t(s.V));
  for (double j : map) n[size_t(j)] += 1;
  double mx = -INFINITY, z = 0;
  for (int64_t j = 0; j < s.K; ++j) mx = n[size_t(j)] ? std::max(mx, double(L[j])) : mx;
  for (int64_t j = 0; j < s.K; ++j) z += n[size_t(j)] * std::exp(double(L[j]) - mx);
  for (int64_t i = 0; i < s.V; ++i) p[size_t(i)] = std::exp(double(L[size_t(map[size_t(i)])]) - mx) / z;
  std::vector<int64_t> counts(size_t(s.V), 0);
  for (double t : c->tensor("token").values()) ++counts[size_t(t)];
  return chi_square(counts, p, N, df);
}

TEST(VqLogitsSampling, FusedSamplerDrawsTheFactorisedDistribution) {
  const std::vector<const Variant*> samplers = runnable("fused");
  ASSERT_FALSE(samplers.empty());
  for (const Variant* v : samplers)
    for (const char* repro : {"vocab=50,codes=7,from=logits", "vocab=61,codes=9,from=logits,map=clustered,map_dtype=int16"}) {
      int df = 0;
      const double stat = sample_statistic(nullptr, *v, repro, &df);
      EXPECT_GT(df, 20) << repro;
      EXPECT_LT(stat, chi_square_limit(df)) << v->name << " " << repro << ": chi-square " << stat << " on " << df << " df";
    }
}

TEST(VqLogitsSampling, ChiSquareRejectsASamplerThatForgetsTheCounts) {
  int df = 0;
  const double stat = sample_statistic(forgets_counts, variant("fused__scalar"), "vocab=50,codes=7,from=logits", &df);
  EXPECT_GT(stat, 3 * chi_square_limit(df)) << "chi-square " << stat << " on " << df << " df";
}

}  // namespace
}  // namespace hotops::vq_logits
