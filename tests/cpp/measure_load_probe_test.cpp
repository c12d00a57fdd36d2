// The load probe on fake /proc trees: quiet, busy by other processes' CPU time, a high load
// average shown but not deciding (it counts our own recent work); the ceilings record what the probe saw (and hotops-ceilings refuses a busy
// machine: tests/py/test_process_runs.py runs the tool on such a tree).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "measure/ceilings/ceilings.h"
#include "measure/ceilings/drift.h"
#include "measure/load_probe.h"

namespace hotops::measure {
namespace {
namespace fs = std::filesystem;

// A /proc with 2 CPUs; each call to wait() moves the jiffies on by `busy` (of which `self` is
// this process's own) and `idle`.
class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("hotops-fake-proc-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root_ / "self");
    write(1000, 100);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(double busy, double self) {
    std::ofstream(root_ / "loadavg") << loadavg_ << " 0.20 0.10 1/123 4567\n";
    // user nice system idle iowait irq softirq steal guest guest_nice
    std::ofstream(root_ / "stat") << "cpu  " << busy << " 0 0 " << idle_ << " 0 0 0 0 0 0\n"
                                  << "cpu0 1 0 0 1 0 0 0 0 0 0\ncpu1 1 0 0 1 0 0 0 0 0 0\nintr 1 2 3\n";
    std::ofstream(root_ / "self" / "stat") << "4242 (hotops bench) R 1 2 3 4 5 6 7 8 9 10 " << self << " 0 0 0 20\n";
  }

  LoadProbe probe(double busy_delta, double self_delta, double idle_delta) {
    LoadProbeOptions o;
    o.proc_root = root_.string();
    o.window_s = 0.5;
    o.wait = [&](double) {
      idle_ += idle_delta;
      write(1000 + busy_delta, 100 + self_delta);
    };
    return probe_load(o);
  }

  fs::path root_;
  double loadavg_ = 0.10;
  double idle_ = 5000;
};

TEST_F(FakeProc, QuietMachine) {
  // 0.5 s at 100 Hz on 2 CPUs = 100 jiffies, 50 per CPU: 10 busy, 5 of them ours → others 10 % of a core.
  const LoadProbe p = probe(10, 5, 90);
  EXPECT_FALSE(p.busy) << p.detail;
  EXPECT_EQ(p.cpus, 2);
  EXPECT_DOUBLE_EQ(p.before, 0.10);
  EXPECT_NEAR(p.others_cores, 0.10, 1e-9);
  EXPECT_NE(p.detail.find("quiet"), std::string::npos) << p.detail;
  const nlohmann::json j = p.to_json();
  EXPECT_EQ(j["busy"], false);
  EXPECT_EQ(j["cpus"], 2);
  EXPECT_FALSE(j.contains("after"));  // not finished yet
}

TEST_F(FakeProc, AHighLoadAverageIsShownButDoesNotDecide) {
  // 1.6 on 2 CPUs right after a build or the previous process run of the same suite: that is our
  // own work, which the average still counts a minute later. Others used 10 % of a core: quiet.
  loadavg_ = 1.6;
  write(1000, 100);
  const LoadProbe p = probe(10, 5, 90);
  EXPECT_FALSE(p.busy) << p.detail;
  EXPECT_DOUBLE_EQ(p.before, 1.6);
  EXPECT_NE(p.detail.find("load average 1.60 on 2 CPUs"), std::string::npos) << p.detail;
  EXPECT_NE(p.detail.find("other processes used 10 % of a core"), std::string::npos) << p.detail;
}

TEST_F(FakeProc, BusyByOtherProcessesCpuTime) {
  // The load average has not caught up yet, but others used 35 of the 50 jiffies per CPU: 70 % of a core.
  const LoadProbe p = probe(45, 10, 55);
  EXPECT_TRUE(p.busy);
  EXPECT_NEAR(p.others_cores, 0.70, 1e-9);
  EXPECT_NE(p.detail.find("other processes used 70 % of a core"), std::string::npos) << p.detail;
}

TEST_F(FakeProc, OwnCpuTimeIsNotOthers) {
  const LoadProbe p = probe(80, 80, 20);
  EXPECT_FALSE(p.busy) << p.detail;
  EXPECT_NEAR(p.others_cores, 0.0, 1e-9);
}

TEST_F(FakeProc, ThresholdsAreTheProbesToSet) {
  LoadProbeOptions o;
  o.proc_root = root_.string();
  o.wait = [&](double) {
    idle_ += 90;
    write(1010, 100);
  };
  o.thresholds.others_cores = 0.05;  // 10 % used by others is now too much
  EXPECT_TRUE(probe_load(o).busy);
}

TEST_F(FakeProc, AfterIsRecordedAndUnreadableFilesAreSaidNotBusy) {
  LoadProbe p = probe(10, 5, 90);
  loadavg_ = 0.9;
  write(1010, 105);
  LoadProbeOptions o;
  o.proc_root = root_.string();
  finish_load_probe(p, o);
  EXPECT_DOUBLE_EQ(p.after, 0.9);
  EXPECT_DOUBLE_EQ(p.to_json()["after"].get<double>(), 0.9);

  o.proc_root = (root_ / "missing").string();
  o.wait = [](double) {};
  const LoadProbe none = probe_load(o);
  EXPECT_FALSE(none.busy);
  EXPECT_NE(none.detail.find("unreadable"), std::string::npos) << none.detail;
  EXPECT_FALSE(none.to_json().contains("before"));
}

TEST(LoadProbes, CombinedAcrossProcessRunsBusyWhenAnyWas) {
  const nlohmann::json a = {{"before", 0.1}, {"after", 0.9}, {"cpus", 2}, {"busy", false}, {"detail", "quiet: x"}};
  const nlohmann::json b = {{"before", 1.5}, {"after", 1.9}, {"cpus", 2}, {"busy", true}, {"detail", "busy: y"}};
  const nlohmann::json c = {{"before", 0.2}, {"after", 1.0}, {"cpus", 2}, {"busy", false}, {"detail", "quiet: z"}};
  const nlohmann::json all = combine_load_probes({a, b, c});
  EXPECT_EQ(all["busy"], true);
  EXPECT_EQ(all["before"], 0.1);
  EXPECT_EQ(all["after"], 1.0);
  EXPECT_EQ(all["detail"], "process run 2: busy: y");
  const nlohmann::json quiet = combine_load_probes({a, c});
  EXPECT_EQ(quiet["busy"], false);
  EXPECT_EQ(quiet["detail"], "process run 1: quiet: x; process run 2: quiet: z");
}

TEST(CeilingsLoad, ABusyProbeIsRecordedAndNamedInTheRefusal) {
  LoadProbe busy;
  busy.before = 3.5;
  busy.cpus = 2;
  busy.busy = true;
  busy.detail = "busy: other processes used 90 % of a core over 1.0 s (> 25 %); load average 3.50 on 2 CPUs";
  EXPECT_NE(busy_refusal(busy).find("90 % of a core"), std::string::npos);
  EXPECT_NE(busy_refusal(busy).find("--allow-busy"), std::string::npos);

  CeilingsOptions o;  // one small entry: what --allow-busy writes
  o.load = busy;
  o.threads = {1};
  o.subset_for = "test";
  o.wanted = [](const nlohmann::json& id) { return id.value("level", "") == "L1" && id.value("kernel", "") == "copy"; };
  const nlohmann::json c = measure_ceilings(o);
  EXPECT_EQ(c["environment"]["load"]["busy"], true);
  EXPECT_EQ(c["environment"]["load"]["detail"], busy.detail);
  EXPECT_EQ(c["environment"]["loadavg_before"], 3.5);
  EXPECT_TRUE(c["environment"]["load"].contains("after"));
}

TEST(Drift, CopyBandwidthIsMeasuredOrSaysWhyNot) {
  const DriftPlan tiny = plan_drift(1, 16.0 * 1048576);  // 16 MiB available: no DRAM-sized copy
  EXPECT_EQ(tiny.bytes, 0u);
  const nlohmann::json skipped = drift_json(tiny, 0, 0);
  EXPECT_NE(skipped["skipped"].get<std::string>().find("quarter of the memory"), std::string::npos);
  EXPECT_FALSE(skipped.contains("start_gbps"));

  const DriftPlan plan = plan_drift(1, 0);  // 0: no limit known
  ASSERT_GE(plan.bytes, size_t(64) << 20);
  const double gbps = measure_copy_gbps(plan);
  EXPECT_GT(gbps, 0.1);
  const nlohmann::json j = drift_json(plan, gbps, gbps);
  EXPECT_EQ(j["level"], "DRAM");
  EXPECT_EQ(j["kernel"], "copy");
  EXPECT_EQ(j["threads"], 1);
}

}  // namespace
}  // namespace hotops::measure
