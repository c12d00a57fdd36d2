// Ceilings storage (atomic write, load, corruption, staleness) and the built-in kernels.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/isa.h"
#include "measure/ceilings/ceilings.h"
#include "measure/ceilings/peak_kernels.h"
#include "measure/ceilings/stream_kernels.h"
#include "measure/ceilings/team.h"
#include "measure/machine.h"

namespace hotops::measure {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CeilingsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hotops-ceilings-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static json key() { return {{"cpu", "GenuineTest X1 (family 6 model 1 stepping 0)"}, {"compiler", "GNU 12.2.0"}, {"kernel", "Linux 6.1"}}; }
  static json minimal() {
    return {{"schema", "hotops-ceilings"}, {"schema_version", kCeilingsSchemaVersion}, {"staleness_key", key()},
            {"compute", json::array()}, {"bandwidth", json::array()}};
  }
  void write_text(const std::string& p, const std::string& text) { std::ofstream(p) << text; }
  fs::path dir_;
};

TEST_F(CeilingsFile, WrittenAtomicallyAndLoadedWhenFresh) {
  const std::string p = path("sub/dir/ceilings.json");  // parent directories are created
  write_json_atomic(p, minimal());
  std::string reason = "unset";
  const json j = load_ceilings(p, key(), &reason);
  ASSERT_FALSE(j.is_null()) << reason;
  EXPECT_EQ(reason, "");
  EXPECT_EQ(j["staleness_key"], key());
  for (const auto& f : fs::directory_iterator(dir_ / "sub/dir"))  // no temporary left behind
    EXPECT_EQ(f.path().filename(), "ceilings.json");
}

// What hotops-ceilings --gpu measures, in the shape it measures it.
json gpu_measurement(const std::string& gpu_name) {
  return {{"device_staleness_key", {{"gpu", gpu_name}, {"driver", 13000}}},
          {"device_environment", {{"name", gpu_name}, {"l2_bytes", 62914560}}},
          {"compute", {{{"name", "fp32 cuda fma"}, {"device", "cuda"}, {"value", 6e4}}}},
          {"bandwidth", {{{"level", "device HBM"}, {"kernel", "copy"}, {"device", "cuda"}, {"value", 4e3}}}}};
}

TEST_F(CeilingsFile, DeviceEntriesReplaceTheOldOnesAndKeepTheCpuEntries) {
  json cpu = minimal();
  cpu["compute"].push_back({{"name", "fp32 avx2 fma"}, {"threads", 1}, {"value", 100}});
  cpu["bandwidth"].push_back({{"level", "DRAM"}, {"kernel", "copy"}, {"threads", 1}, {"value", 20}});
  const json once = merge_device_ceilings(cpu, gpu_measurement("GPU A"));
  const json twice = merge_device_ceilings(once, gpu_measurement("GPU B"));
  ASSERT_EQ(twice["compute"].size(), 2u);  // the CPU peak and the newest device peak, not the older one
  ASSERT_EQ(twice["bandwidth"].size(), 2u);
  EXPECT_EQ(twice["compute"][0]["name"], "fp32 avx2 fma");
  EXPECT_EQ(twice["device_environment"]["name"], "GPU B");
  EXPECT_EQ(twice["staleness_key"], key());
  EXPECT_EQ(cpu_entries(twice["bandwidth"]).size(), 1u);
  ASSERT_NE(find_device_compute(twice, "fp32 cuda fma"), nullptr);
  EXPECT_EQ(find_compute(twice, "fp32 cuda fma", 1), nullptr);  // CPU lookups never see device entries
  EXPECT_EQ(find_device_bandwidth(twice, "DRAM", "copy"), nullptr);
}

TEST_F(CeilingsFile, WithoutCpuCeilingsTheDeviceGetsAFileOfItsOwn) {
  const json fresh = merge_device_ceilings(json(), gpu_measurement("GPU A"));
  EXPECT_EQ(fresh["schema"], "hotops-ceilings");
  EXPECT_EQ(fresh["staleness_key"], staleness_key());  // loadable on this machine
  EXPECT_TRUE(fresh.contains("cpu_not_measured"));
  EXPECT_EQ(fresh["compute"].size(), 1u);
  const std::string p = path("gpu.json");
  write_json_atomic(p, fresh);
  std::string reason;
  EXPECT_FALSE(load_ceilings(p, &reason).is_null()) << reason;
}

TEST_F(CeilingsFile, DeviceEntriesOfAnotherGpuAreDroppedOnLoad) {
  if (!device_staleness_key().is_null()) GTEST_SKIP() << "a GPU is present: its key is the current one";
  json c = merge_device_ceilings(minimal(), gpu_measurement("GPU elsewhere"));
  c["compute"].push_back({{"name", "fp32 avx2 fma"}, {"threads", 1}, {"value", 100}});
  const std::string p = path("c.json");
  write_json_atomic(p, c);
  std::string reason;
  const json loaded = load_ceilings(p, key(), &reason);
  ASSERT_FALSE(loaded.is_null()) << reason;  // the CPU entries stay usable
  EXPECT_EQ(loaded["compute"].size(), 1u);
  EXPECT_TRUE(loaded["bandwidth"].empty());
  EXPECT_NE(loaded["device_dropped"].get<std::string>().find("GPU elsewhere"), std::string::npos);
}

TEST(GpuCeilings, WithoutADeviceTheRunSaysSo) {
  if (!device_staleness_key().is_null()) GTEST_SKIP() << "a GPU is present";
  EXPECT_THROW(measure_gpu_ceilings({}), NoDevice);
}

TEST_F(CeilingsFile, StaleOnADifferentCpuCompilerOrKernel) {
  const std::string p = path("c.json");
  write_json_atomic(p, minimal());
  for (const char* part : {"cpu", "compiler", "kernel"}) {
    json now = key();
    now[part] = "something else";
    std::string reason;
    EXPECT_TRUE(load_ceilings(p, now, &reason).is_null()) << part;
    EXPECT_EQ(reason.rfind("stale:", 0), 0u) << reason;
    EXPECT_NE(reason.find(part), std::string::npos) << reason;
    EXPECT_NE(reason.find("something else"), std::string::npos) << reason;
  }
}

TEST_F(CeilingsFile, StaleOnAnotherSchemaVersion) {
  json old = minimal();
  old["schema_version"] = kCeilingsSchemaVersion + 1;
  write_json_atomic(path("c.json"), old);
  std::string reason;
  EXPECT_TRUE(load_ceilings(path("c.json"), key(), &reason).is_null());
  EXPECT_NE(reason.find("schema_version"), std::string::npos) << reason;
}

TEST_F(CeilingsFile, MissingOrCorruptGiveNullAndTheReason) {
  std::string reason;
  EXPECT_TRUE(load_ceilings(path("absent.json"), key(), &reason).is_null());
  EXPECT_EQ(reason.rfind("missing:", 0), 0u) << reason;

  write_text(path("trunc.json"), R"({"schema": "hotops-ceilings", "compute": [)");
  EXPECT_TRUE(load_ceilings(path("trunc.json"), key(), &reason).is_null());
  EXPECT_EQ(reason.rfind("corrupt:", 0), 0u) << reason;
  EXPECT_NE(reason.find("not valid JSON"), std::string::npos) << reason;

  write_text(path("other.json"), R"({"hello": 1})");
  EXPECT_TRUE(load_ceilings(path("other.json"), key(), &reason).is_null());
  EXPECT_NE(reason.find("not a hotops ceilings file"), std::string::npos) << reason;

  json partial = minimal();
  partial.erase("bandwidth");
  write_json_atomic(path("partial.json"), partial);
  EXPECT_TRUE(load_ceilings(path("partial.json"), key(), &reason).is_null());
  EXPECT_EQ(reason.rfind("corrupt:", 0), 0u) << reason;
}

TEST_F(CeilingsFile, CurrentMachineKeyRoundTrips) {
  json j = minimal();
  j["staleness_key"] = staleness_key();
  write_json_atomic(path("c.json"), j);
  std::string reason;
  EXPECT_FALSE(load_ceilings(path("c.json"), &reason).is_null()) << reason;
  for (const char* part : {"cpu", "compiler", "kernel"}) EXPECT_FALSE(staleness_key()[part].get<std::string>().empty());
}

TEST_F(CeilingsFile, UnwritablePathIsReportedByName) {
  if (geteuid() == 0) {
    // root ignores permissions: use a path under a regular file instead.
    write_text(path("file"), "x");
  } else {
    fs::create_directories(dir_ / "ro");
    fs::permissions(dir_ / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  }
  const std::string bad = geteuid() == 0 ? path("file/ceilings.json") : path("ro/ceilings.json");
  const std::string why = check_writable(bad);
  EXPECT_FALSE(why.empty());
  EXPECT_NE(why.find(geteuid() == 0 ? path("file") : bad), std::string::npos) << why;
  EXPECT_THROW(write_json_atomic(bad, minimal()), std::runtime_error);
  EXPECT_EQ(check_writable(path("ok/ceilings.json")), "");
  EXPECT_NE(check_writable(dir_.string()), "");  // a directory, not a file
}

TEST_F(CeilingsFile, LookupsSkipSkippedEntries) {
  json j = minimal();
  j["compute"] = {{{"name", "fp32 avx2 fma"}, {"threads", 1}, {"value", 99.0}},
                  {{"name", "fp32 avx512f fma"}, {"threads", 1}, {"skipped", "CPU lacks avx512f"}}};
  j["bandwidth"] = {{{"level", "DRAM"}, {"kernel", "copy"}, {"threads", 2}, {"value", 20.0}}};
  ASSERT_NE(find_compute(j, "fp32 avx2 fma", 1), nullptr);
  EXPECT_EQ(find_compute(j, "fp32 avx512f fma", 1), nullptr);
  EXPECT_EQ(find_compute(j, "fp32 avx2 fma", 2), nullptr);
  ASSERT_NE(find_bandwidth(j, "DRAM", "copy", 2), nullptr);
  EXPECT_EQ(find_bandwidth(j, "DRAM", "triad", 2), nullptr);
}

TEST(CeilingKernels, PeakKernelsCountTheirOperations) {
  EXPECT_DOUBLE_EQ(peak_fp32_scalar(10), 10 * 12);
  EXPECT_DOUBLE_EQ(peak_fp32_sse2(10), 10 * 12 * 4);
  if (!missing_features(isa("avx2").features).empty()) GTEST_SKIP() << missing_features(isa("avx2").features);
  EXPECT_DOUBLE_EQ(peak_fp32_avx2_fma(10), 10 * 12 * 8 * 2);
  EXPECT_DOUBLE_EQ(peak_fp64_avx2_fma(10), 10 * 12 * 4 * 2);
}

TEST(CeilingKernels, StreamKernelsComputeAndCountBytesLikeLikwid) {
  const size_t n = 64;
  std::vector<double, std::allocator<double>> storage(3 * n + 8);
  double* base = reinterpret_cast<double*>((reinterpret_cast<uintptr_t>(storage.data()) + 63) / 64 * 64);
  double *a = base, *b = base + n, *c = base + 2 * n;
  for (size_t i = 0; i < n; ++i) a[i] = 0, b[i] = double(i), c[i] = 2;
  const bool avx2 = missing_features(isa("avx2").features).empty();
  auto run = [&](StreamOp op, int64_t sweeps) {
    return avx2 ? stream_avx2(op, a, b, c, n, sweeps) : stream_sse2(op, a, b, c, n, sweeps);
  };
  EXPECT_DOUBLE_EQ(run(StreamOp::triad, 2), 2.0 * n * 24);
  for (size_t i = 0; i < n; ++i) ASSERT_NEAR(a[i], double(i) + 1.000001 * 2, 1e-12);
  EXPECT_DOUBLE_EQ(run(StreamOp::copy, 1), double(n) * 16);  // b = a
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(b[i], a[i]);
  EXPECT_DOUBLE_EQ(run(StreamOp::write, 3), 3.0 * n * 8);
  EXPECT_DOUBLE_EQ(run(StreamOp::read, 1), double(n) * 8);
  EXPECT_EQ(find_stream_op("triad")->streams, 3);
  EXPECT_EQ(find_stream_op("nope"), nullptr);
}

TEST(CeilingKernels, TeamReturnsOnePositiveRatePerRepetition) {
  const std::vector<double> rates =
      run_team({nullptr, [](int, int64_t rounds) { return peak_fp32_sse2(rounds * 256); }}, {1, 0.002, 3});
  ASSERT_EQ(rates.size(), 3u);
  for (double r : rates) EXPECT_GT(r, 1e8);  // > 0.1 GFLOP/s on anything that runs these tests
  EXPECT_THROW(run_team({nullptr, [](int, int64_t) { return 1.0; }}, {host_topology().cores + 1, 0.001, 1}),
               std::invalid_argument);
}

TEST(CeilingKernels, TeamGivesTheCallerItsCpuBindingBack) {
  // Otherwise likwid-bench started afterwards inherits one core and stacks its threads there.
  const CpuBinding before = current_binding();
  run_team({nullptr, [](int, int64_t rounds) { return peak_fp32_sse2(rounds * 64); }}, {1, 0.001, 1, 0});
  EXPECT_EQ(current_binding().pus, before.pus);
}

TEST(CeilingKernels, LikwidComparisonRejectsZeroPairs) {
  EXPECT_THROW(compare_with_likwid(0, nullptr), std::invalid_argument);
}

TEST(CeilingKernels, TopologyHasCachesAndCores) {
  const Topology& t = host_topology();
  EXPECT_GE(t.cores, 1);
  ASSERT_NE(t.find("L1d"), nullptr);
  EXPECT_GE(t.find("L1d")->size, 4096u);
  const Topology back = Topology::from_json(t.to_json());
  EXPECT_EQ(back.caches.size(), t.caches.size());
  EXPECT_EQ(back.last_level().size, t.last_level().size);
}

}  // namespace
}  // namespace hotops::measure
