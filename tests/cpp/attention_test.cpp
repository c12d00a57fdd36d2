// Focused tests of the attention family, beyond the shared fp64 check (variant_correctness_test):
// inputs built to break one thing each — a mask off by one, a missing online-softmax rescale, a
// backward that ignores the saved lse, a sigmoid that normalises — plus the work model, the
// problem schema's errors and the materialized variants' memory refusal.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "attention/config.h"
#include "core/registry.h"

namespace hotops {
namespace {

const Family& attention() { return *find_family("attention"); }

// Own variants that run here and serve p.
std::vector<const Variant*> runnable(const Problem& p) {
  std::vector<const Variant*> out;
  for (const Variant& v : attention().variants())
    if (v.skip_reason(p).empty()) out.push_back(&v);
  return out;
}

std::vector<float> floats(const Tensor& t) {
  std::vector<float> out(t.count());
  std::memcpy(out.data(), t.host(), t.bytes());
  return out;
}

// Rows [0, rows) of o (width d) are bitwise equal in a and b.
void expect_rows_equal(const std::vector<float>& a, const std::vector<float>& b, int64_t rows, int64_t d,
                       const std::string& what) {
  for (int64_t i = 0; i < rows * d; ++i)
    ASSERT_EQ(std::memcmp(&a[size_t(i)], &b[size_t(i)], sizeof(float)), 0) << what << ": row " << i / d << " changed";
}

// A causal query must not see later keys: replacing keys and values beyond query i's last key
// (here: every key ≥ J) with huge ones leaves rows i < J bit for bit unchanged, forward and dQ.
TEST(Attention, CausalMaskHidesLaterKeysExactly) {
  for (const char* kind : {"softmax", "sigmoid", "softplus"})
    for (const char* extra : {"", ",kv=170", ",kv=90"})
      for (const char* dir : {"fwd", "bwd"}) {
        if (dir[0] == 'b' && kind[4] == 'p') continue;  // softplus: forward only
        const Problem p = attention().parse(fmt::format("n=150,d=33,causal=true,kind={}{},dir={}", kind, extra, dir));
        const attention::Config c = attention::config(p);
        const int64_t J = c.nk - 60, rows = J - (c.nk - c.n);  // rows i < `rows` see only keys < J
        const char* out = c.backward ? "dq" : "o";
        for (const Variant* v : runnable(p)) {
          auto cs = attention().make_case(p, "wide", 3);
          cs->prepare(*v);
          cs->run(*v);
          const std::vector<float> before = floats(cs->tensor(out));
          float* k = cs->tensor("k").host_as<float>();
          float* val = cs->tensor("v").host_as<float>();
          for (int64_t j = J; j < c.nk; ++j)
            for (int64_t e = 0; e < c.d; ++e) k[j * c.d + e] = 1e3f, val[j * c.d + e] = 1e30f;
          cs->run(*v);
          expect_rows_equal(before, floats(cs->tensor(out)), rows, c.d, fmt::format("{} {}", v->name, p.repro));
        }
      }
}

// Scores that grow from key block to key block by far more than exp's range: without the rescale
// of O (and of the running sum) by exp(m − m') the result is off by orders of magnitude.
TEST(Attention, OnlineSoftmaxRescalesWhenTheMaxGrows) {
  for (const char* shape : {"n=40,kv=300,d=8", "n=70,kv=200,d=64,causal=true"}) {
    const Problem p = attention().parse(std::string(shape) + ",scale=1");
    const attention::Config c = attention::config(p);
    for (const Variant* v : runnable(p)) {
      auto cs = attention().make_case(p, "normal", 5);
      float* q = cs->tensor("q").host_as<float>();
      float* k = cs->tensor("k").host_as<float>();
      for (int64_t i = 0; i < c.n; ++i) q[i * c.d] = 1.0f;
      for (int64_t j = 0; j < c.nk; ++j) k[j * c.d] = float(j) * 1.5f;  // key j scores about 1.5·j
      const CheckResult r = cs->check(*v);
      EXPECT_TRUE(r.passed) << v->name << " " << p.repro << ": " << r.detail;
    }
  }
}

// The backward takes P from the lse it is given: adding log 2 to every row's lse halves P, so dV
// halves (to rounding) — a kernel that renormalised P itself would not notice.
TEST(Attention, BackwardRecomputesPFromTheSavedLse) {
  const Problem p = attention().parse("heads=2,n=90,d=40,causal=true,dir=bwd");
  for (const Variant* v : runnable(p)) {
    auto cs = attention().make_case(p, "wide", 9);
    cs->prepare(*v);
    cs->run(*v);
    const std::vector<float> dv = floats(cs->tensor("dv"));
    float* lse = cs->tensor("lse").host_as<float>();
    for (size_t i = 0; i < cs->tensor("lse").count(); ++i) lse[i] += float(std::log(2.0));
    cs->run(*v);
    const std::vector<float> half = floats(cs->tensor("dv"));
    for (size_t i = 0; i < dv.size(); ++i) ASSERT_NEAR(half[i], 0.5f * dv[i], 1e-5f * (1 + std::fabs(dv[i]))) << v->name;
  }
}

// Sigmoid attention does not normalise: every key twice doubles O; softmax's O stays.
TEST(Attention, SigmoidWeightsAreNotNormalised) {
  for (const char* kind : {"sigmoid", "softmax"}) {
    const Problem once = attention().parse(fmt::format("n=50,kv=70,d=24,kind={},bias=-3,lse=false", kind));
    const Problem twice = attention().parse(fmt::format("n=50,kv=140,d=24,kind={},bias=-3,lse=false", kind));
    for (const Variant* v : runnable(once)) {
      auto a = attention().make_case(once, "normal", 1), b = attention().make_case(twice, "normal", 1);
      for (const char* role : {"k", "v"}) {
        const float* src = a->tensor(role).host_as<float>();
        float* dst = b->tensor(role).host_as<float>();
        std::memcpy(dst, src, a->tensor(role).bytes());
        std::memcpy(dst + a->tensor(role).count(), src, a->tensor(role).bytes());
      }
      std::memcpy(b->tensor("q").host(), a->tensor("q").host(), a->tensor("q").bytes());
      a->prepare(*v), b->prepare(*v), a->run(*v), b->run(*v);
      const std::vector<float> oa = floats(a->tensor("o")), ob = floats(b->tensor("o"));
      const float factor = kind[1] == 'i' ? 2.0f : 1.0f;
      for (size_t i = 0; i < oa.size(); ++i) ASSERT_NEAR(ob[i], factor * oa[i], 2e-5f) << v->name << " " << kind;
    }
  }
}

// Logits of ±10^4: softmax subtracts the max, sigmoid saturates and softplus grows like its
// argument, so every output is finite (the shared test compares them with fp64 as well).
TEST(Attention, HugeLogitsGiveFiniteOutputs) {
  for (const char* kind : {"softmax", "sigmoid", "softplus", "linear"}) {
    const Problem p = attention().parse(fmt::format("n=77,d=16,kind={}", kind));
    for (const Variant* v : runnable(p)) {
      auto cs = attention().make_case(p, "huge", 2);
      cs->prepare(*v);
      cs->run(*v);
      for (float x : floats(cs->tensor("o"))) ASSERT_TRUE(std::isfinite(x)) << v->name << " " << kind;
    }
  }
}

TEST(Attention, WorkModelCountsVisiblePairs) {
  auto work = [](const char* repro) { return attention().work(attention().parse(repro)); };
  const Work full = work("n=1024,d=64"), causal = work("n=1024,d=64,causal=true");
  EXPECT_DOUBLE_EQ(full.f32 - 3 * 1024.0 * 1024, 4.0 * 1024 * 1024 * 64);  // 4·n²·d + the map's 3 per pair
  EXPECT_DOUBLE_EQ(causal.exp, 1024.0 * 1025 / 2);                         // about half, diagonal included
  EXPECT_DOUBLE_EQ(work("n=100,kv=40,d=8,causal=true").exp, 40.0 * 41 / 2);  // rows 0..59 see no key
  EXPECT_DOUBLE_EQ(work("n=1024,d=64,kind=sigmoid").tanh, 1024.0 * 1024);
  EXPECT_EQ(work("n=1024,d=64,kind=sigmoid").exp, 0);
  EXPECT_DOUBLE_EQ(work("n=512,d=64,dir=bwd").f32 - 4 * 512.0 * 512 - 2 * 512.0 * 64, 10.0 * 512 * 512 * 64);
  EXPECT_DOUBLE_EQ(work("n=512,d=64,dtype=bf16").bf16_dot, 4.0 * 512 * 512 * 64);
  EXPECT_DOUBLE_EQ(work("heads=2,n=512,d=64").bytes(), 2 * (4.0 * 512 * 64 * 4 + 512 * 4));  // q, k, v, o, lse
  EXPECT_LT(work("n=4096,d=64,kind=linear").flops(), work("n=4096,d=64").flops() / 10);       // O(n·d²)
}

TEST(Attention, BadProblemsAreRefusedByName) {
  auto error = [](const char* repro) -> std::string {
    try {
      attention().parse(repro);
    } catch (const ProblemError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error("n=128,d=0").find("'d=0'"), std::string::npos);
  EXPECT_NE(error("n=128,kv=0,d=64").find("'kv=0'"), std::string::npos);
  EXPECT_NE(error("n=128").find("missing 'd'"), std::string::npos);
  EXPECT_NE(error("n=128,d=64,kind=relu").find("allowed values"), std::string::npos);
  EXPECT_NE(error("n=128,d=64,power=9").find("'power=9'"), std::string::npos);
}

TEST(Attention, MaterializedScoresBeyondMemoryAreSkippedWithTheReason) {
  const Problem p = attention().parse("heads=8,n=1000000,d=64,lse=false");
  for (const Variant& v : attention().variants()) {
    const std::string why = v.skip_reason(p);
    if (v.algorithm() == "materialized" || v.algorithm() == "onednn_composed") {
      EXPECT_NE(why.find("GiB"), std::string::npos) << v.name << ": " << why;
    } else if (v.algorithm() == "flash" && isa_unavailable(*v.isa).empty() && v.isa_name() != "avx512bf16") {
      EXPECT_EQ(why, "") << v.name;
    }
  }
  // Flash holds one key block of scores: its workspace grows with n·d, not n².
  const Variant* flash = find_variant(attention(), "flash__scalar");
  EXPECT_LT(double(flash->workspace(p)), 1.1 * 8 * 1e6 * 64 * 4);
}

}  // namespace
}  // namespace hotops
