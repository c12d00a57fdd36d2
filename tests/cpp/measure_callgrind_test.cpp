// Callgrind output parsing, valgrind cache geometry, and the simulated backend's exact
// repeatability on a real kernel run under valgrind.
#include <gtest/gtest.h>

#include "core/registry.h"

#include "core/isa.h"
#include "measure/counters/callgrind.h"
#include "measure/counters/counters.h"
#include "measure/subprocess.h"

namespace hotops::measure {
namespace {

using nlohmann::json;

// A dump written by CALLGRIND_DUMP_STATS_AT("hotops-kernel"), trailing zero events omitted;
// "totals:" is what valgrind reports as collected, "summary:" adds the request itself.
const char* kDump = R"(# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 9386
cmd:  ./p 4
part: 1


desc: I1 cache: 32768 B, 64 B, 8-way associative
desc: D1 cache: 32768 B, 64 B, 8-way associative
desc: LL cache: 33554432 B, 64 B, 16-way associative

desc: Timerange: Basic block 0 - 355922
desc: Trigger: Client Request: hotops-kernel

positions: line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw ILdmr DLdmr DLdmw
summary: 1572940 262153 15 3 16392 2


ob=(3) /usr/lib/x86_64-linux-gnu/libc.so.6
fl=(142) ./csu/../sysdeps/nptl/libc_start_call_main.h
fn=(528) (below main)
calls=0 0
58 1572940 262153 15 3 16392 2
totals: 1572930 262153 9 1 16392 0 1
)";

TEST(CallgrindParse, SummaryOfANamedDump) {
  const CallgrindDump d = parse_callgrind(kDump);
  EXPECT_EQ(d.trigger, "Client Request: hotops-kernel");
  EXPECT_TRUE(d.has_desc_cache);
  EXPECT_EQ(d.totals.at("Ir"), 1572930u);
  EXPECT_EQ(d.totals.at("Dr"), 262153u);
  EXPECT_EQ(d.totals.at("D1mr"), 16392u);
  EXPECT_EQ(d.totals.at("D1mw"), 0u);
  EXPECT_EQ(d.totals.at("ILmr"), 1u);
  EXPECT_EQ(d.totals.at("DLmr"), 0u);  // omitted trailing zeros
  EXPECT_EQ(d.totals.at("DLdmw"), 0u);
}

TEST(CallgrindParse, TotalsLineAndErrors) {
  // After CALLGRIND_STOP_INSTRUMENTATION the exit dump has "summary: 0" and the counts in totals.
  const CallgrindDump d =
      parse_callgrind("events: Ir Dr\ndesc: Trigger: Program termination\nsummary: 0\ntotals: 7 3\n");
  EXPECT_EQ(d.trigger, "Program termination");
  EXPECT_EQ(d.totals.at("Ir"), 7u);
  EXPECT_EQ(parse_callgrind("events: Ir Dr\nsummary: 5 1\n").totals.at("Ir"), 5u);
  EXPECT_THROW(parse_callgrind("summary: 1 2\n"), std::runtime_error);         // no events line
  EXPECT_THROW(parse_callgrind("events: Ir\n"), std::runtime_error);           // no summary
  EXPECT_THROW(parse_callgrind("events: Ir\nsummary: 1 2\n"), std::runtime_error);  // too many values
  EXPECT_THROW(parse_callgrind("events: Ir\nsummary: lots\n"), std::runtime_error);
}

TEST(CallgrindGeometry, RealGeometryPassesThroughAndOddOnesAreAdjusted) {
  CacheLevel l1{"L1d", 32768, 64, 8, 2, 1};
  EXPECT_EQ(valgrind_geometry(l1, 8).arg(), "32768,8,64");
  EXPECT_EQ(valgrind_geometry(l1, 8).note, "");
  CacheLevel l3{"L3", 33554432, 64, 16, 1, 2};
  EXPECT_EQ(valgrind_geometry(l3, 16).arg(), "33554432,16,64");
  // 24.75 MiB 11-way (a Skylake-SP LLC): 36864 sets, not a power of two.
  CacheLevel odd{"L3", 25952256, 64, 11, 1, 18};
  const CacheGeometry g = valgrind_geometry(odd, 16);
  EXPECT_EQ(g.arg(), "25952256,99,64");  // 4096 sets
  EXPECT_NE(g.note.find("not a power of two"), std::string::npos);
  CacheLevel unknown{"L2", 524288, 64, 0, 2, 1};
  EXPECT_EQ(valgrind_geometry(unknown, 8).arg(), "524288,8,64");
  EXPECT_NE(valgrind_geometry(unknown, 8).note.find("unknown"), std::string::npos);
  CacheLevel full{"L1d", 4096, 64, -1, 1, 1};
  EXPECT_EQ(valgrind_geometry(full, 8).arg(), "4096,64,64");
}

class Simulated : public ::testing::Test {
 protected:
  void SetUp() override {
    if (find_program("valgrind").empty()) GTEST_SKIP() << "valgrind is not installed";
    std::string reason;
    backend_ = probe_simulated({HOTOPS_BENCH, "valgrind", 120}, &reason);
    ASSERT_NE(backend_, nullptr) << reason;
  }
  CounterRequest request() const {
    CounterRequest r;
    const bool avx2 = missing_features(isa("avx2").features).empty();
    r.family = "softmax";
    r.variant = avx2 ? "two_pass__avx2" : "two_pass__scalar";
    r.isa = avx2 ? "avx2" : "scalar";
    r.problem = "rows=4,n=1000";
    r.iterations = 2;
    const Family& f = *find_family("softmax");
    r.minimum = f.work(f.parse(r.problem));
    return r;
  }
  std::unique_ptr<CounterBackend> backend_;
};

TEST_F(Simulated, InstructionCountsRepeatExactly) {
  const json a = backend_->measure(request());
  const json b = backend_->measure(request());
  ASSERT_EQ(a["source"], "simulated") << a.dump();
  const json& ta = a["details"]["events_total"];
  EXPECT_GT(ta["Ir"].get<uint64_t>(), 4000u);  // at least one instruction per element
  EXPECT_EQ(ta["Ir"], b["details"]["events_total"]["Ir"]);
  EXPECT_EQ(ta["Dr"], b["details"]["events_total"]["Dr"]);
  EXPECT_EQ(ta["D1mr"], b["details"]["events_total"]["D1mr"]);
  EXPECT_EQ(a["details"]["dump"], "Client Request: hotops-kernel");
  EXPECT_DOUBLE_EQ(a["per_call"]["instructions"].get<double>(), ta["Ir"].get<double>() / 2);
  // Warm caches and 32 KB of operands: the kernel loop itself misses the LLC almost never.
  EXPECT_LT(a["derived"]["memory_bytes_over_minimum"].get<double>(), 0.5);
  const std::string cmd = a["details"]["command"].dump();
  EXPECT_NE(cmd.find("--LL="), std::string::npos);
  EXPECT_NE(cmd.find("--collect-atstart=no"), std::string::npos);
}

TEST_F(Simulated, RefusesWhatValgrindCannotRun) {
  CounterRequest r = request();
  r.variant = "two_pass__avx512f";
  r.isa = "avx512f";
  json j = backend_->measure(r);
  EXPECT_EQ(j["source"], "none");
  EXPECT_NE(j["reason"].get<std::string>().find("avx512f"), std::string::npos);
  r.peer = true;
  r.isa = "jit";
  j = backend_->measure(r);
  EXPECT_EQ(j["source"], "none");
  EXPECT_NE(j["reason"].get<std::string>().find("peer"), std::string::npos);
}

TEST_F(Simulated, AFailingRunOneIsReported) {
  CounterRequest r = request();
  r.variant = "no_such_variant__avx2";
  EXPECT_THROW(backend_->measure(r), std::runtime_error);
}

}  // namespace
}  // namespace hotops::measure
