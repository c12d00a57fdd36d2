// First contact: which ceilings a run's roofline needs, and how a measured subset is merged
// into the stored file. (Nothing is measured here; tests/py measures a subset end to end.)
#include <gtest/gtest.h>

#include "ceilings_phase.h"
#include "core/registry.h"
#include "measure/ceilings/ceilings.h"

namespace hotops {
namespace {

using nlohmann::json;

Job softmax_job(const std::string& repro, const std::string& cache) {
  const Family* f = find_family("softmax");
  return Job{f, find_variant(*f, "two_pass__scalar"), f->parse(repro), cache};
}

json peak(const std::string& name, int threads) { return {{"name", name}, {"threads", threads}}; }
json bw(const std::string& level, const std::string& kernel, int threads) {
  return {{"level", level}, {"kernel", kernel}, {"threads", threads}};
}

TEST(CeilingsNeeded, EveryPeakAndTheMemoryRoofsOfTheJobsAtTheirThreadCount) {
  // Softmax reads and writes 4 bytes per element: bound by copy bandwidth. 8 KB fit in any L1d.
  const std::vector<Job> jobs = {softmax_job("rows=1,n=1000", "in"), softmax_job("rows=1,n=1e7", "out")};
  const json none;
  EXPECT_TRUE(ceiling_needed(peak("fp32 avx2 fma", 1), jobs, 1, none));
  EXPECT_TRUE(ceiling_needed(peak("int8 avx512vnni dot", 1), jobs, 1, none));  // peaks are cheap: all of them
  EXPECT_FALSE(ceiling_needed(peak("fp32 avx2 fma", 2), jobs, 1, none));
  EXPECT_TRUE(ceiling_needed(bw("L1", "copy", 1), jobs, 1, none));
  EXPECT_TRUE(ceiling_needed(bw("DRAM", "copy", 1), jobs, 1, none));
  EXPECT_FALSE(ceiling_needed(bw("DRAM", "triad", 1), jobs, 1, none));
  EXPECT_FALSE(ceiling_needed(bw("L2", "copy", 1), jobs, 1, none));
  EXPECT_FALSE(ceiling_needed(bw("DRAM", "copy", 2), jobs, 1, none));
}

TEST(CeilingsNeeded, WhatTheStoredFileHasIsNotMeasuredAgain) {
  const std::vector<Job> jobs = {softmax_job("rows=1,n=1e7", "out")};
  const json stored = {{"compute", {{{"name", "fp32 avx2 fma"}, {"threads", 1}, {"value", 70.0}},
                                    {{"name", "fp32 avx512f fma"}, {"threads", 1}, {"skipped", "CPU lacks avx512f"}}}},
                       {"bandwidth", {{{"level", "DRAM"}, {"kernel", "copy"}, {"threads", 1}, {"value", 9.0}}}}};
  EXPECT_FALSE(ceiling_needed(peak("fp32 avx2 fma", 1), jobs, 1, stored));
  EXPECT_FALSE(ceiling_needed(peak("fp32 avx512f fma", 1), jobs, 1, stored));  // skipped is known, not missing
  EXPECT_TRUE(ceiling_needed(peak("fp64 avx2 fma", 1), jobs, 1, stored));
  EXPECT_FALSE(ceiling_needed(bw("DRAM", "copy", 1), jobs, 1, stored));
}

TEST(CeilingsNeeded, ThePlanListsOnlyWhatIsWantedWithoutMeasuring) {
  measure::CeilingsOptions o;
  o.threads = {1};
  o.wanted = [](const json& id) { return id.contains("level") && id["kernel"] == "copy"; };
  const std::vector<json> plan = measure::planned_ceilings(o);
  ASSERT_FALSE(plan.empty());
  for (const json& id : plan) {
    EXPECT_EQ(id["kernel"], "copy") << id;
    EXPECT_EQ(id["threads"], 1) << id;
  }
  EXPECT_EQ(plan.back()["level"], "DRAM");
}

TEST(CeilingsMerge, AddedEntriesJoinOrReplaceAndTheSubsetIsRecorded) {
  const json base = {{"mode", "subset"},
                     {"compute", {{{"name", "a"}, {"threads", 1}, {"value", 1.0}}}},
                     {"bandwidth", {{{"level", "L1"}, {"kernel", "copy"}, {"threads", 1}, {"value", 5.0}}}}};
  const json added = {{"subset_for", "suite x, 1 thread(s)"},
                      {"created_utc", "2026-01-01T00:00:00Z"},
                      {"duration_s", 3.0},
                      {"compute", {{{"name", "a"}, {"threads", 1}, {"value", 2.0}}, {{"name", "b"}, {"threads", 1}, {"value", 3.0}}}},
                      {"bandwidth", json::array()}};
  const json m = measure::merge_ceilings(base, added);
  ASSERT_EQ(m["compute"].size(), 2u);
  EXPECT_EQ(m["compute"][0]["value"], 2.0);
  EXPECT_EQ(m["compute"][1]["name"], "b");
  EXPECT_EQ(m["bandwidth"].size(), 1u);
  ASSERT_EQ(m["subsets"].size(), 1u);
  EXPECT_EQ(m["subsets"][0]["for"], "suite x, 1 thread(s)");
  EXPECT_EQ(measure::merge_ceilings(nullptr, added), added);
}

}  // namespace
}  // namespace hotops
