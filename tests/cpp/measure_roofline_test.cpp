// Roofline placement math on hand-made ceilings: known inputs give a known bound and %.
#include <gtest/gtest.h>

#include "measure/roofline.h"

namespace hotops::measure {
namespace {

using nlohmann::json;

json entry_c(const std::string& name, const std::string& dtype, int threads, double v) {
  return {{"name", name}, {"dtype", dtype}, {"threads", threads}, {"value", v}, {"used", "builtin"}};
}
json entry_b(const std::string& level, const std::string& kernel, int threads, double v) {
  return {{"level", level}, {"kernel", kernel}, {"threads", threads}, {"value", v}, {"used", "likwid"}};
}

// 2 cores; L1d 32 KiB and L2 512 KiB per core, one 32 MiB L3.
json ceilings(int all = 2) {
  json topo = {{"cores", all},
               {"caches",
                {{{"name", "L1d"}, {"size", 32768}, {"instances", all}, {"cores_per_instance", 1}},
                 {{"name", "L2"}, {"size", 524288}, {"instances", all}, {"cores_per_instance", 1}},
                 {{"name", "L3"}, {"size", 33554432}, {"instances", 1}, {"cores_per_instance", all}}}}};
  json c = {{"environment", {{"topology", topo}}}, {"compute", json::array()}, {"bandwidth", json::array()}};
  c["compute"] = {entry_c("fp32 avx2 fma", "fp32", 1, 100), entry_c("fp32 avx2 fma", "fp32", all, 190),
                  entry_c("fp32 sse2 mul+add", "fp32", 1, 25), entry_c("fp32 sse2 mul+add", "fp32", all, 50),
                  entry_c("fp64 avx2 fma", "fp64", 1, 50), entry_c("int8 avx2 dot", "int8", 1, 300),
                  {{"name", "fp32 avx512f fma"}, {"dtype", "fp32"}, {"threads", 1}, {"skipped", "CPU lacks avx512f"}}};
  for (auto [level, bw] : {std::pair<const char*, double>{"L1", 200}, {"L2", 100}, {"L3", 50}, {"DRAM", 20}}) {
    c["bandwidth"].push_back(entry_b(level, "copy", 1, bw));
    c["bandwidth"].push_back(entry_b(level, "copy", all, bw * 1.25));
    c["bandwidth"].push_back(entry_b(level, "read", 1, bw * 1.2));
    c["bandwidth"].push_back(entry_b(level, "triad", 1, bw * 1.1));
  }
  return c;
}

Work work(double f32, double exp, double read, double written) {
  Work w;
  w.elements = 1, w.f32 = f32, w.exp = exp, w.bytes_read = read, w.bytes_written = written;
  return w;
}

// Softmax-like minimum: 4 B read + 4 B written, 4 flops + 1 exp (10 f32 slots) per element.
RooflineInput softmax_like(double elements, double seconds) {
  RooflineInput in;
  in.minimum = work(4 * elements, elements, 4 * elements, 4 * elements);
  in.seconds = seconds;
  in.footprint_bytes = 8 * elements;
  in.computes_with = &isa("avx2");
  return in;
}

TEST(Roofline, OutOfCacheMixedKernelIsBoundByDramCopy) {
  // 1e6 elements: 8 MB in 0.8 ms = 10 GB/s against a 20 GB/s DRAM copy roof.
  const json r = place_on_roofline(softmax_like(1e6, 8e-4), ceilings());
  EXPECT_DOUBLE_EQ(r["intensity"].get<double>(), 14.0 / 8.0);
  EXPECT_NEAR(r["gbps"].get<double>(), 10.0, 1e-9);
  EXPECT_NEAR(r["gflops"].get<double>(), 17.5, 1e-9);
  EXPECT_EQ(r["bound"], "memory:DRAM copy");
  EXPECT_DOUBLE_EQ(r["ceiling_value"].get<double>(), 20);
  EXPECT_EQ(r["ceiling_unit"], "GB/s");
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 50, 1e-9);
  EXPECT_FALSE(r["above_ceiling"].get<bool>());
  EXPECT_NEAR(r["attainable_gflops"].get<double>(), 20 * 1.75, 1e-9);
  EXPECT_EQ(r["memory_ceiling"]["source"], "likwid");
}

TEST(Roofline, AboveTheCeilingIsFlaggedNotAWin) {
  const json r = place_on_roofline(softmax_like(1e6, 2e-4), ceilings());  // 40 GB/s > 20
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 200, 1e-9);
  EXPECT_TRUE(r["above_ceiling"].get<bool>());
}

TEST(Roofline, TrafficRateUsesTheVariantsPasses) {
  RooflineInput in = softmax_like(1e6, 8e-4);
  in.traffic = in.minimum;
  in.traffic.bytes_read *= 3;  // three read passes: 16 MB moved
  const json r = place_on_roofline(in, ceilings());
  EXPECT_NEAR(r["gbps_traffic"].get<double>(), 20.0, 1e-9);
  EXPECT_NEAR(r["gbps"].get<double>(), 10.0, 1e-9);  // % still against the minimum
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 50, 1e-9);
}

TEST(Roofline, HighIntensityIsComputeBoundByThePeakOfTheIsaItComputesWith) {
  RooflineInput in;
  in.minimum = work(1e9, 0, 5e5, 5e5);  // intensity 1000
  in.seconds = 0.02;                    // 50 GFLOP/s
  in.footprint_bytes = 1e6;
  in.computes_with = &isa("avx2");
  json r = place_on_roofline(in, ceilings());
  EXPECT_EQ(r["bound"], "compute:fp32 avx2 fma");
  EXPECT_DOUBLE_EQ(r["ceiling_value"].get<double>(), 100);
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 50, 1e-9);
  EXPECT_EQ(r["ceiling_unit"], "GFLOP/s");
  EXPECT_EQ(r["computes_with"], "avx2");

  in.computes_with = &isa("scalar");  // baseline build: SSE2 peak
  r = place_on_roofline(in, ceilings());
  EXPECT_EQ(r["bound"], "compute:fp32 sse2 mul+add");
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 200, 1e-9);
  EXPECT_TRUE(r["above_ceiling"].get<bool>());
}

TEST(Roofline, OpKindsEachUseTheirOwnPeakAndTheirTimesAdd) {
  RooflineInput in;
  in.minimum = work(0, 0, 5e5, 5e5);
  in.minimum.int8_mac = 3e9;  // 10 ms at the 300 GOP/s int8 peak
  in.seconds = 0.02;
  in.footprint_bytes = 1e6;
  in.computes_with = &isa("avx2");
  json r = place_on_roofline(in, ceilings());
  EXPECT_EQ(r["bound"], "compute:int8 avx2 dot");
  EXPECT_EQ(r["ceiling_unit"], "GOP/s");
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 50, 1e-9);

  in.minimum.f32 = 5e8;  // + 5 ms at the 100 GFLOP/s f32 peak: 15 ms in all
  r = place_on_roofline(in, ceilings());
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 75, 1e-9);
  EXPECT_EQ(r["bound"], "compute:int8 avx2 dot (+ other op kinds)");
  EXPECT_NEAR(r["ceiling_value"].get<double>(), 3.5e9 / 0.015 / 1e9, 1e-9);  // 3.5 Gop in the 15 ms bound
  EXPECT_EQ(r["compute_ceiling"]["parts"].size(), 2u);

  // Transcendentals count at their f32 slot cost: 1e8 exps = 1e9 slots = 10 ms.
  in.minimum = work(0, 1e8, 5e5, 5e5);
  r = place_on_roofline(in, ceilings());
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 100.0 * 1e8 * TranscendentalCost::exp / 100e9 / 0.02, 1e-9);

  // bf16 dot products without avx512bf16 run widened to f32.
  in.minimum = work(0, 0, 5e5, 5e5);
  in.minimum.bf16_dot = 1e9;
  EXPECT_EQ(place_on_roofline(in, ceilings())["bound"], "compute:fp32 avx2 fma");
}

TEST(Roofline, SkippedComputePeakLeavesOnlyTheMemoryRoofWithANote) {
  RooflineInput in = softmax_like(1e6, 8e-4);
  in.computes_with = &isa("avx512f");  // skipped in these ceilings
  const json r = place_on_roofline(in, ceilings());
  EXPECT_EQ(r["bound"], "memory:DRAM copy");
  EXPECT_FALSE(r.contains("compute_ceiling"));
  EXPECT_NE(r["notes"].dump().find("no measured peak for f32 on avx512f"), std::string::npos);
}

TEST(Roofline, InCacheLevelFollowsTheFootprint) {
  const Topology t = Topology::from_json(ceilings()["environment"]["topology"]);
  EXPECT_EQ(memory_level_for(16e3, "in", 1, t), "L1");
  EXPECT_EQ(memory_level_for(16384, "in", 1, t), "L1");  // exactly half of L1d
  EXPECT_EQ(memory_level_for(16385, "in", 1, t), "L2");
  EXPECT_EQ(memory_level_for(32768, "in", 1, t), "L2");  // fills L1d: not "in L1"
  EXPECT_EQ(memory_level_for(200e3, "in", 1, t), "L2");
  EXPECT_EQ(memory_level_for(300e3, "in", 1, t), "L3");
  EXPECT_EQ(memory_level_for(10e6, "in", 1, t), "L3");
  EXPECT_EQ(memory_level_for(33554432, "in", 1, t), "DRAM");  // exactly the L3: finding 5 of issue 10
  EXPECT_EQ(memory_level_for(100e6, "in", 1, t), "DRAM");
  EXPECT_EQ(memory_level_for(30e3, "in", 2, t), "L1");  // 15 KB per core
  EXPECT_EQ(memory_level_for(16e3, "out", 1, t), "DRAM");
  EXPECT_THROW(memory_level_for(1, "sideways", 1, t), std::invalid_argument);

  RooflineInput in = softmax_like(2e3, 1e-6);  // 16 KB: in L1
  in.cache = "in";
  in.footprint_bytes = 16e3;
  in.minimum = work(500, 0, 8e3, 8e3);  // intensity 1/32: L1 roof 6.25 GFLOP/s < 100
  json r = place_on_roofline(in, ceilings());
  EXPECT_EQ(r["bound"], "memory:L1 copy");
  EXPECT_DOUBLE_EQ(r["ceiling_value"].get<double>(), 200);
  // Softmax's 1.75 op/B would reach 350 GOP/s from L1: above the 100 GFLOP/s peak.
  in = softmax_like(2e3, 1e-6);
  in.cache = "in";
  r = place_on_roofline(in, ceilings());
  EXPECT_EQ(r["bound"], "compute:fp32 avx2 fma");
}

TEST(Roofline, UnmeasuredLevelFallsThroughToTheNextOne) {
  json c = ceilings();
  json kept = json::array();
  for (const json& e : c["bandwidth"])
    if (e["level"] != "L3") kept.push_back(e);
  c["bandwidth"] = kept;
  RooflineInput in = softmax_like(1e6, 8e-4);  // 8 MB: L3
  in.cache = "in";
  EXPECT_EQ(place_on_roofline(in, c)["bound"], "memory:DRAM copy");
}

TEST(Roofline, BandwidthKernelMatchesTheWriteFraction) {
  EXPECT_EQ(bandwidth_kernel_for(work(1, 0, 8, 0)), "read");
  EXPECT_EQ(bandwidth_kernel_for(work(1, 0, 8, 4)), "triad");
  EXPECT_EQ(bandwidth_kernel_for(work(1, 0, 4, 4)), "copy");
  EXPECT_EQ(bandwidth_kernel_for(work(1, 0, 0, 4)), "write");
  EXPECT_EQ(bandwidth_kernel_for(work(1, 0, 12, 4)), "triad");  // 1/4 is nearer 1/3 than 0
}

TEST(Roofline, ThreadsBetweenOneAndAllScaleTheOneCoreValueCappedByAll) {
  const json c = ceilings(4);  // entries at 1 and 4 threads
  RooflineInput in;
  in.minimum = work(1e9, 0, 5e5, 5e5);
  in.seconds = 0.01;
  in.threads = 2;
  in.computes_with = &isa("avx2");
  json r = place_on_roofline(in, c);
  EXPECT_DOUBLE_EQ(r["ceiling_value"].get<double>(), 190);  // min(2 × 100, 190)
  EXPECT_NE(r["notes"].dump().find("derived"), std::string::npos);

  RooflineInput m = softmax_like(1e7, 8e-3);
  m.threads = 2;
  r = place_on_roofline(m, c);
  EXPECT_DOUBLE_EQ(r["ceiling_value"].get<double>(), 25);  // min(2 × 20, 25)
  m.threads = 8;  // more threads than cores: the all-core value
  EXPECT_DOUBLE_EQ(place_on_roofline(m, c)["ceiling_value"].get<double>(), 25);
}

TEST(Roofline, MissingCeilingsGiveRatesAndAReason) {
  const json r = place_on_roofline(softmax_like(1e6, 8e-4), json(), "stale: kernel changed");
  EXPECT_NEAR(r["gbps"].get<double>(), 10.0, 1e-9);
  EXPECT_TRUE(r["bound"].is_null());
  EXPECT_TRUE(r["pct_of_ceiling"].is_null());
  EXPECT_EQ(r["reason"], "no ceilings: stale: kernel changed");
  RooflineInput gpu = softmax_like(1e6, 8e-4);
  gpu.computes_with = &isa("cuda");
  const json g = place_on_roofline(gpu, ceilings());
  EXPECT_TRUE(g["bound"].is_null());
  EXPECT_NE(g["reason"].get<std::string>().find("device"), std::string::npos);
}

// A GPU's entries beside the CPU's, as hotops-ceilings --gpu writes them: no threads, a
// device field, levels "device L2" / "device HBM", a 50 MiB L2.
json with_device(json c) {
  auto dev = [](json e) { return e.update({{"device", "cuda"}, {"used", "builtin"}}), e; };
  c["device_environment"] = {{"name", "Hand-made GPU"}, {"l2_bytes", 50 << 20}};
  for (auto [name, v] : {std::pair<const char*, double>{"fp32 cuda fma", 60000}, {"bf16 cublas gemm", 800000},
                         {"int8 cublas gemm", 1.6e6}})
    c["compute"].push_back(dev({{"name", name}, {"value", v}}));
  for (auto [level, v] : {std::pair<const char*, double>{"device L2", 10000}, {"device HBM", 4000}}) {
    c["bandwidth"].push_back(dev({{"level", level}, {"kernel", "copy"}, {"value", v}}));
    c["bandwidth"].push_back(dev({{"level", level}, {"kernel", "read"}, {"value", 1.1 * v}}));
  }
  return c;
}

RooflineInput on_gpu(RooflineInput in) {
  in.computes_with = &isa("cuda");
  return in;
}

TEST(Roofline, DeviceVariantOutOfCacheIsBoundByTheDeviceMemory) {
  // 1e8 elements: 800 MB in 0.4 ms = 2000 GB/s against a 4000 GB/s HBM copy roof.
  const json r = place_on_roofline(on_gpu(softmax_like(1e8, 4e-4)), with_device(ceilings()));
  EXPECT_EQ(r["bound"], "memory:device HBM copy");
  EXPECT_DOUBLE_EQ(r["ceiling_value"].get<double>(), 4000);
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 50, 1e-9);
  EXPECT_EQ(r["computes_with"], "cuda");
  EXPECT_EQ(r["compute_ceiling"]["name"], "fp32 cuda fma");
}

TEST(Roofline, DeviceVariantInCacheUsesTheDeviceL2WhenHalfOfItHoldsTheOperands) {
  RooflineInput in = on_gpu(softmax_like(1e6, 1e-6));  // 8 MB: in half of the 50 MiB L2
  in.cache = "in";
  json r = place_on_roofline(in, with_device(ceilings()));
  EXPECT_EQ(r["bound"], "memory:device L2 copy");
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 100.0 * 8e6 / 10000e9 / 1e-6, 1e-9);
  in.footprint_bytes = 30e6;  // more than half the L2: the device memory roof
  r = place_on_roofline(in, with_device(ceilings()));
  EXPECT_EQ(r["bound"], "memory:device HBM copy");
}

TEST(Roofline, DeviceProductsAreBoundByTheTensorCorePeaks) {
  RooflineInput in = on_gpu(RooflineInput{});
  in.minimum = work(0, 0, 1e6, 1e6);
  in.minimum.bf16_dot = 8e14;  // 1 s at 800 TFLOP/s
  in.seconds = 2;
  in.footprint_bytes = 2e6;
  json r = place_on_roofline(in, with_device(ceilings()));
  EXPECT_EQ(r["bound"], "compute:bf16 cublas gemm");
  EXPECT_NEAR(r["pct_of_ceiling"].get<double>(), 50, 1e-9);
  in.minimum.bf16_dot = 0, in.minimum.int8_mac = 1.6e15;
  r = place_on_roofline(in, with_device(ceilings()));
  EXPECT_EQ(r["bound"], "compute:int8 cublas gemm");
  EXPECT_EQ(r["ceiling_unit"], "GOP/s");
}

TEST(Roofline, DeviceVariantWithoutDeviceCeilingsSaysSo) {
  const json r = place_on_roofline(on_gpu(softmax_like(1e6, 8e-4)), ceilings());
  EXPECT_TRUE(r["bound"].is_null());
  EXPECT_NE(r["reason"].get<std::string>().find("no device ceilings"), std::string::npos);
  json c = with_device(ceilings());
  json kept = json::array();
  for (const json& e : c["bandwidth"])
    if (e["level"] != "device HBM") kept.push_back(e);
  c["bandwidth"] = kept;  // no HBM entry, out of cache: compute alone cannot bound a memory-heavy run
  const json m = place_on_roofline(on_gpu(softmax_like(1e8, 4e-4)), c);
  EXPECT_NE(m["notes"].dump().find("no bandwidth measured"), std::string::npos);
  EXPECT_EQ(m["bound"], "compute:fp32 cuda fma");
}

TEST(Roofline, DeviceEntriesLeaveCpuPlacementUnchanged) {
  for (const RooflineInput& in : {softmax_like(1e6, 8e-4), softmax_like(2e3, 1e-6)}) {
    const json cpu = place_on_roofline(in, ceilings());
    EXPECT_EQ(place_on_roofline(in, with_device(ceilings())), cpu);
  }
}

TEST(Roofline, BadInputIsRejectedWithTheProblemNamed) {
  RooflineInput in = softmax_like(1e6, 0);
  EXPECT_THROW(place_on_roofline(in, ceilings()), std::invalid_argument);
  in = softmax_like(1e6, 1);
  in.cache = "warm";
  try {
    place_on_roofline(in, ceilings());
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("warm"), std::string::npos);
  }
  in = softmax_like(0, 1);
  EXPECT_THROW(place_on_roofline(in, ceilings()), std::invalid_argument);
}

}  // namespace
}  // namespace hotops::measure
