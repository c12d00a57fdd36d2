// Memory available to a run (MemAvailable, cgroups v1 and v2, on fake /proc and /sys trees)
// and the per-job estimate checked before any operand is allocated.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/registry.h"
#include "memory_budget.h"

namespace hotops {
namespace fs = std::filesystem;
namespace {

constexpr double kGiB = 1024.0 * 1024 * 1024;

class FakeRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("hotops-memory-test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    put("proc/meminfo", "MemTotal:       32000000 kB\nMemFree:        1000 kB\nMemAvailable:   20971520 kB\n");
  }
  void TearDown() override { fs::remove_all(root_); }
  void put(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  fs::path root_;
};

TEST_F(FakeRoot, MemAvailableAloneWhenNoCgroupLimits) {
  put("proc/self/cgroup", "0::/user.slice\n");
  put("sys/fs/cgroup/user.slice/memory.max", "max\n");
  const MemoryAvailable m = available_memory(root_);
  EXPECT_DOUBLE_EQ(m.bytes, 20.0 * kGiB);
  EXPECT_NE(m.limits.find("MemAvailable 20.0 GiB"), std::string::npos) << m.limits;
}

TEST_F(FakeRoot, CgroupV2LimitOfAnAncestorCountsMinusItsUsage) {
  put("proc/self/cgroup", "0::/a/b\n");
  put("sys/fs/cgroup/a/b/memory.max", "max\n");
  put("sys/fs/cgroup/a/memory.max", std::to_string(1ull << 30) + "\n");
  put("sys/fs/cgroup/a/memory.current", std::to_string(256ull << 20) + "\n");
  const MemoryAvailable m = available_memory(root_);
  EXPECT_DOUBLE_EQ(m.bytes, 768.0 * 1024 * 1024);
  EXPECT_NE(m.limits.find("cgroup /a memory.max 1.0 GiB (256 MiB used)"), std::string::npos) << m.limits;
}

TEST_F(FakeRoot, CgroupV1MemoryControllerAndItsNoLimitValue) {
  put("proc/self/cgroup", "5:devices:/\n4:memory:/job\n0::/\n");
  put("sys/fs/cgroup/memory/job/memory.limit_in_bytes", std::to_string(2ull << 30) + "\n");
  put("sys/fs/cgroup/memory/job/memory.usage_in_bytes", "0\n");
  put("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");  // v1 "unlimited"
  const MemoryAvailable m = available_memory(root_);
  EXPECT_DOUBLE_EQ(m.bytes, 2.0 * kGiB);
  EXPECT_NE(m.limits.find("memory.limit_in_bytes 2.0 GiB"), std::string::npos) << m.limits;
}

TEST(MemoryBudget, ThisProcessHasSomeMemory) {
  const MemoryAvailable m = available_memory();
  EXPECT_GT(m.bytes, 16.0 * 1024 * 1024) << m.limits;
  EXPECT_NE(m.limits.find("MemAvailable"), std::string::npos) << m.limits;
}

Job softmax_job(const std::string& repro, const std::string& cache) {
  const Family* f = find_family("softmax");
  return Job{f, find_variant(*f, "two_pass__scalar"), f->parse(repro), cache};
}

TEST(MemoryBudget, EstimateCountsTheReferenceAndTheRotation) {
  const size_t llc = 32u << 20;
  // 8 bytes per element (read x, write y); the check adds an fp64 reference.
  EXPECT_DOUBLE_EQ(job_memory_estimate(softmax_job("rows=1,n=1000000", "in"), llc), 2 * 8e6);
  // Out of cache: copies rotate until they exceed 4 × LLC.
  const double rotated = job_memory_estimate(softmax_job("rows=1,n=1000000", "out"), llc);
  EXPECT_GE(rotated, 4.0 * llc);
  EXPECT_LT(rotated, 4.0 * llc + 8e6);
}

TEST(MemoryBudget, TooLargeProblemsAreRefusedByNameWithTheirBytes) {
  const MemoryAvailable one_gib{kGiB, "cgroup /test memory.max 1.0 GiB (0 MiB used)"};
  const size_t llc = 32u << 20;
  EXPECT_NO_THROW(check_memory({softmax_job("rows=1,n=1e7", "out")}, llc, one_gib));
  for (const char* repro : {"rows=1,n=2e8", "rows=4294967296,n=4294967296"}) {
    try {
      check_memory({softmax_job(repro, "out")}, llc, one_gib);
      FAIL() << repro << " accepted";
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("softmax problem '" + softmax_job(repro, "out").problem.repro + "'"), std::string::npos) << what;
      EXPECT_NE(what.find("bytes"), std::string::npos) << what;
      EXPECT_NE(what.find("cgroup /test"), std::string::npos) << what;
    }
  }
}

TEST(MemoryBudget, VariantsThatCannotRunHereAllocateNothing) {
  const Family* f = find_family("softmax");
  Variant never = *find_variant(*f, "two_pass__scalar");
  never.unsupported([](const Problem&) { return std::string("not on this problem"); });
  EXPECT_NO_THROW(check_memory({Job{f, &never, f->parse("rows=1,n=2e8"), "in"}}, 32u << 20,
                               MemoryAvailable{kGiB, "test"}));
}

}  // namespace
}  // namespace hotops
