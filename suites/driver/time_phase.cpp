// Timing with Google Benchmark: run-time registration, rotation past the LLC for
// out-of-cache jobs, one sample per repetition collected by a reporter.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "job_result.h"

namespace hotops {
namespace {

// The operands of the job being timed. One set at a time: the jobs of one problem and
// cache mode run back to back and share it; moving on frees the previous set.
struct RotationSet {
  std::string key;
  std::vector<std::unique_ptr<Case>> cases;
};
RotationSet g_current;

RotationSet& rotation_for(const JobResult& r, int threads, uint64_t seed) {
  const std::string key = fmt::format("{}/{}/{}", r.job.family->name(), r.job.problem.repro, r.rotation);
  if (g_current.key != key) {
    g_current.cases.clear();
    g_current.key = key;
    const std::string input = r.job.family->inputs().front();
    for (size_t i = 0; i < r.rotation; ++i)
      g_current.cases.push_back(r.job.family->make_case(r.job.problem, input, seed + i, threads));
  }
  return g_current;
}

// Collects per-repetition times, prints one progress line per finished job, and has
// Google Benchmark's own JSON reporter write into memory: the driver publishes that text
// with its results, so no temporary file exists while the suite runs.
class Collector : public benchmark::BenchmarkReporter {
 public:
  Collector(std::map<std::string, JobResult*> by_name, size_t total) : by_name_(std::move(by_name)), total_(total) {
    json_.SetOutputStream(&json_text_);
    json_.SetErrorStream(&json_text_);
  }
  bool ReportContext(const Context& c) override { return json_.ReportContext(c); }
  void Finalize() override { json_.Finalize(); }
  std::string gbench_json() const { return json_text_.str(); }
  void ReportRuns(const std::vector<Run>& runs) override {
    json_.ReportRuns(runs);
    for (const Run& run : runs) {
      auto it = by_name_.find(run.run_name.function_name);
      if (it == by_name_.end()) continue;
      JobResult& r = *it->second;
      if (run.error_occurred) {
        r.status = "failed: " + run.error_message;
        continue;
      }
      if (run.run_type == Run::RT_Iteration && run.iterations > 0)
        r.samples.push_back(run.real_accumulated_time / double(run.iterations));
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
        const Work w = r.job.family->work(r.job.problem);
        const double t = run.GetAdjustedRealTime() * 1e-9;  // ns unit
        fmt::print("  [{}/{}] {:<64} {:>10.3f} us  {:>7.2f} GB/s\n", ++done_, total_, run.run_name.function_name,
                   t * 1e6, w.bytes() / t * 1e-9);
        std::fflush(stdout);
      }
    }
  }

 private:
  std::map<std::string, JobResult*> by_name_;
  size_t total_, done_ = 0;
  benchmark::JSONReporter json_;
  std::ostringstream json_text_;
};

}  // namespace

std::string time_jobs(std::vector<JobResult>& results, int repetitions, double min_time, int threads, uint64_t seed) {
  std::map<std::string, JobResult*> by_name;
  for (JobResult& r : results) {
    if (!r.ok()) continue;
    const std::string name = r.job.id();
    if (by_name.count(name)) continue;  // the same job listed twice in a suite is timed once
    by_name[name] = &r;
    const Work w = r.job.family->work(r.job.problem);
    JobResult* rp = &r;
    benchmark::RegisterBenchmark(name.c_str(),
                                 [rp, w, threads, seed](benchmark::State& st) {
                                   auto& cases = rotation_for(*rp, threads, seed).cases;
                                   const Variant& v = *rp->job.variant;
                                   size_t i = 0;
                                   for (auto _ : st) {
                                     cases[i]->run(v);
                                     if (++i == cases.size()) i = 0;
                                   }
                                   st.SetItemsProcessed(int64_t(double(st.iterations()) * w.elements));
                                   st.SetBytesProcessed(int64_t(double(st.iterations()) * w.bytes()));
                                 })
        ->Repetitions(repetitions)
        ->MinTime(min_time)
        ->UseRealTime()
        ->Unit(benchmark::kNanosecond);
  }
  if (by_name.empty()) return "";

  std::string program = "hotops-bench";
  char* argv[] = {program.data(), nullptr};
  int argc = 1;
  benchmark::Initialize(&argc, argv);
  Collector collector(by_name, by_name.size());
  benchmark::RunSpecifiedBenchmarks(&collector);
  benchmark::ClearRegisteredBenchmarks();
  g_current = RotationSet{};
  // Duplicates share the first one's samples.
  for (JobResult& r : results)
    if (r.ok() && r.samples.empty() && by_name.count(r.job.id()) && by_name[r.job.id()] != &r)
      r.samples = by_name[r.job.id()]->samples;
  return collector.gbench_json();
}

}  // namespace hotops
