// Counter backend selection and its diagnosis, with injected probe failures, and the
// real probes' diagnosis on a machine without a PMU.
#include <gtest/gtest.h>

#include <filesystem>

#include "measure/counters/counters.h"

namespace hotops::measure {
namespace {

using nlohmann::json;

class FakeBackend final : public CounterBackend {
 public:
  explicit FakeBackend(std::string n, bool fail = false) : name_(std::move(n)), fail_(fail) {}
  std::string name() const override { return name_; }
  json measure(const CounterRequest& r) override {
    if (fail_) throw std::runtime_error("kernel crashed");
    return {{"per_call", {{"instructions", 100.0 * r.iterations}}}};
  }

 private:
  std::string name_;
  bool fail_;
};

CounterProbe failing(const std::string& why) {
  return [why](std::string* reason) -> std::unique_ptr<CounterBackend> {
    *reason = why;
    return nullptr;
  };
}
CounterProbe working(const std::string& name, bool fail_measure = false) {
  return [name, fail_measure](std::string*) { return std::make_unique<FakeBackend>(name, fail_measure); };
}

TEST(CounterSelection, AutoFallsBackAndRecordsEveryReason) {
  const CounterProbes probes{failing("perfmon_init failed: no MSR"), failing("perf_event_open(cycles): ENOENT"),
                             working("simulated")};
  const CounterSelection s = select_counters("auto", probes);
  EXPECT_EQ(s.source, "simulated");
  ASSERT_NE(s.backend, nullptr);
  const json& d = s.diagnosis;
  EXPECT_EQ(d["source"], "simulated");
  ASSERT_EQ(d["tried"].size(), 3u);
  EXPECT_EQ(d["tried"][0]["backend"], "likwid");
  EXPECT_EQ(d["tried"][0]["reason"], "perfmon_init failed: no MSR");
  EXPECT_EQ(d["tried"][1]["backend"], "perf_event");
  EXPECT_EQ(d["tried"][1]["reason"], "perf_event_open(cycles): ENOENT");
  EXPECT_EQ(d["tried"][2]["reason"], "available");
  EXPECT_NE(d["reason"].get<std::string>().find("ENOENT"), std::string::npos);
}

TEST(CounterSelection, AutoPrefersLikwidWhenItWorks) {
  const CounterProbes probes{working("likwid"), working("perf_event"), working("simulated")};
  const CounterSelection s = select_counters("auto", probes);
  EXPECT_EQ(s.source, "likwid");
  EXPECT_EQ(s.diagnosis["tried"].size(), 1u);
}

TEST(CounterSelection, NothingAvailableGivesNoneWithAllReasons) {
  const CounterProbes probes{failing("no MSR"), failing("no PMU"), failing("valgrind not found in PATH")};
  const CounterSelection s = select_counters("auto", probes);
  EXPECT_EQ(s.source, "none");
  EXPECT_EQ(s.backend, nullptr);
  const std::string reason = s.diagnosis["reason"];
  for (const char* part : {"likwid: no MSR", "perf_event: no PMU", "simulated: valgrind not found"})
    EXPECT_NE(reason.find(part), std::string::npos) << reason;
  const json m = measure(s, CounterRequest{});
  EXPECT_EQ(m["source"], "none");
  EXPECT_EQ(m["reason"], reason);
}

TEST(CounterSelection, ANamedBackendIsTheOnlyOneTried) {
  const CounterProbes probes{working("likwid"), failing("perf_event_open(cycles): ENOENT"), working("simulated")};
  for (const char* pref : {"perf", "perf_event"}) {
    const CounterSelection s = select_counters(pref, probes);
    EXPECT_EQ(s.source, "none");
    ASSERT_EQ(s.diagnosis["tried"].size(), 1u);
    EXPECT_EQ(s.diagnosis["tried"][0]["backend"], "perf_event");
    EXPECT_EQ(s.diagnosis["reason"], "perf_event: perf_event_open(cycles): ENOENT");
  }
  EXPECT_EQ(select_counters("simulated", probes).source, "simulated");
  EXPECT_EQ(select_counters("likwid", probes).source, "likwid");
}

TEST(CounterSelection, NoneAndUnknownPreferences) {
  const CounterProbes probes{working("likwid"), working("perf_event"), working("simulated")};
  const CounterSelection s = select_counters("none", probes);
  EXPECT_EQ(s.source, "none");
  EXPECT_EQ(s.diagnosis["reason"], "counters disabled (--counters=none)");
  EXPECT_TRUE(s.diagnosis["tried"].empty());
  try {
    select_counters("papi", probes);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("papi"), std::string::npos);
  }
}

TEST(CounterSelection, ThrowingProbeAndFailingMeasurementNeverStopARun) {
  CounterProbes probes{[](std::string*) -> std::unique_ptr<CounterBackend> { throw std::runtime_error("segv"); },
                       working("perf_event", /*fail_measure=*/true), failing("x")};
  const CounterSelection s = select_counters("auto", probes);
  EXPECT_EQ(s.diagnosis["tried"][0]["reason"], "probe failed: segv");
  EXPECT_EQ(s.source, "perf_event");
  const json m = measure(s, CounterRequest{});
  EXPECT_EQ(m["source"], "none");
  EXPECT_EQ(m["reason"], "perf_event failed: kernel crashed");

  probes.perf_event = working("perf_event");
  CounterRequest r;
  r.iterations = 2;
  const json ok = measure(select_counters("perf", probes), r);
  EXPECT_EQ(ok["source"], "perf_event");  // filled in from the selection
  EXPECT_EQ(ok["per_call"]["instructions"], 200.0);
}

bool has_cpu_pmu() { return std::filesystem::exists("/sys/bus/event_source/devices/cpu"); }

// Without a CPU PMU the probe fails and says why. Which why depends on the machine (no PMU
// in a VM: ENOENT; an unprivileged user and perf_event_paranoid: EACCES), so only the form
// is asserted: the call that failed, the error, and an explanation.
TEST(CounterProbesOnThisMachine, PerfEventSaysWhyItCannotCount) {
  if (has_cpu_pmu()) GTEST_SKIP() << "this machine exposes a CPU PMU";
  std::string reason;
  EXPECT_EQ(probe_perf_event(&reason), nullptr);
  EXPECT_EQ(reason.rfind("perf_event_open(cycles): ", 0), 0u) << reason;
  const size_t dash = reason.find(" — ");
  ASSERT_NE(dash, std::string::npos) << reason;
  EXPECT_GT(reason.size(), dash + 10) << reason;
}

// What holds on every machine without usable counters: the probe fails and says why, naming
// likwid. The wording depends on the machine ("perfmon_init failed ... msr absent" on a Zen 3
// VM, "likwid does not support this CPU" on a Zen 5 one), so it is not asserted.
TEST(CounterProbesOnThisMachine, LikwidSaysWhyItCannotCount) {
  if (has_cpu_pmu() || std::filesystem::exists("/dev/cpu/0/msr")) GTEST_SKIP() << "counters may work here";
  std::string reason;
  EXPECT_EQ(probe_likwid(&reason), nullptr);
  EXPECT_NE(reason.find("likwid"), std::string::npos) << reason;
  EXPECT_GT(reason.size(), std::string("likwid").size() + 10) << reason;
}

TEST(CounterProbesOnThisMachine, AutoDiagnosisListsLikwidAndPerfFirst) {
  if (has_cpu_pmu()) GTEST_SKIP() << "this machine exposes a CPU PMU";
  const CounterSelection s = select_counters("auto");
  ASSERT_GE(s.diagnosis["tried"].size(), 2u);
  EXPECT_EQ(s.diagnosis["tried"][0]["backend"], "likwid");
  EXPECT_EQ(s.diagnosis["tried"][1]["backend"], "perf_event");
  EXPECT_NE(s.source, "likwid");
  EXPECT_NE(s.source, "perf_event");
}

}  // namespace
}  // namespace hotops::measure
