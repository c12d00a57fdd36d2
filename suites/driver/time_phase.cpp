// Timing with Google Benchmark: run-time registration, one sample per repetition, and an
// order that a slow drift of the machine cannot turn into a difference between variants:
// the jobs that share one problem's operands are timed round by round — every job once per
// round, in a seeded random order — rather than one job's repetitions back to back.
// Out-of-cache jobs rotate through copies of the operands past the LLC, and the rotation
// index carries on across rounds and variants, so no call finds its operands still warm
// from the previous repetition.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>

#include "core/device_timer.h"
#include "job_result.h"

namespace hotops {
namespace {

// The operands of one group of jobs (same family, problem and rotation count).
struct RotationSet {
  std::vector<std::unique_ptr<Case>> cases;
  size_t next = 0;  // carried across rounds and variants
};

nlohmann::json device_timing_json(const DeviceTiming& t) {
  return {{"method", t.method}, {"calls_per_sample", t.calls_per_sample}, {"l2_flushed", t.l2_flushed},
          {"probe_seconds", t.probe_seconds}, {"note", t.note}};
}

std::string group_key(const JobResult& r) {
  return fmt::format("{}/{}/{}/{}", r.job.family->name(), r.job.problem.repro, r.job.cache, r.rotation);
}

// Google Benchmark's own JSON (for its compare.py), one document for every round: the first
// context and one final closing, however many times the benchmarks are run. Written into
// memory: the driver publishes it with its results, so no temporary file exists while the
// suite runs.
class GbenchJson : public benchmark::JSONReporter {
 public:
  GbenchJson() {
    SetOutputStream(&out_);
    SetErrorStream(&out_);
  }
  bool ReportContext(const Context& c) override { return started_ ? true : (started_ = true, JSONReporter::ReportContext(c)); }
  void Finalize() override {}
  std::string Close() {
    if (started_) JSONReporter::Finalize();
    return out_.str();
  }

 private:
  std::ostringstream out_;
  bool started_ = false;
};

// Collects the samples of each run and forwards it to the JSON file.
class Collector : public benchmark::BenchmarkReporter {
 public:
  Collector(std::map<std::string, JobResult*> by_name, GbenchJson& file) : by_name_(std::move(by_name)), file_(file) {}
  bool ReportContext(const Context& c) override { return file_.ReportContext(c); }
  void ReportRuns(const std::vector<Run>& runs) override {
    file_.ReportRuns(runs);
    for (const Run& run : runs) {
      auto it = by_name_.find(run.run_name.function_name);
      if (it == by_name_.end()) continue;
      if (run.error_occurred) {
        it->second->status = "failed: " + run.error_message;
      } else if (run.run_type == Run::RT_Iteration && run.iterations > 0) {
        it->second->samples.push_back(run.real_accumulated_time / double(run.iterations));
      }
    }
  }

 private:
  std::map<std::string, JobResult*> by_name_;
  GbenchJson& file_;
};

void register_job(JobResult& r, RotationSet& set, double min_time) {
  const Work w = r.job.family->work(r.job.problem);
  JobResult* rp = &r;
  const bool device = r.job.variant->device() != Device::cpu;
  auto* b = benchmark::RegisterBenchmark(r.job.id().c_str(), [rp, w, &set, device](benchmark::State& st) {
    auto& cases = set.cases;
    const Variant& v = *rp->job.variant;
    for (auto& c : cases) c->prepare(v);  // workspace, device copies: untimed
    if (device) {  // device time by CUDA events, L2 evicted out of cache, graphs for tiny calls (device_timer.h)
      try {
        DeviceCallTimer timer(cases[0]->context().stream, [&] { cases[0]->run(v); }, rp->job.cache == "out");
        rp->device_timing = device_timing_json(timer.timing());
        for (auto _ : st) st.SetIterationTime(timer.sample());
      } catch (const std::exception& e) {
        st.SkipWithError(e.what());
      }
    } else {
      for (auto _ : st) {
        cases[set.next]->run(v);
        if (++set.next == cases.size()) set.next = 0;
      }
    }
    st.SetItemsProcessed(int64_t(double(st.iterations()) * w.elements));
    st.SetBytesProcessed(int64_t(double(st.iterations()) * w.bytes()));
  });
  b->Repetitions(1)->MinTime(min_time)->Unit(benchmark::kNanosecond);
  device ? b->UseManualTime() : b->UseRealTime();
}

}  // namespace

std::string time_jobs(std::vector<JobResult>& results, int repetitions, double min_time, int threads, uint64_t seed) {
  // One timing per distinct job (a job listed twice in a suite shares the first one's samples),
  // grouped by the operands they share, in suite order.
  std::map<std::string, JobResult*> by_name;
  std::vector<std::pair<std::string, std::vector<JobResult*>>> groups;
  for (JobResult& r : results) {
    if (!r.ok() || by_name.count(r.job.id())) continue;
    by_name[r.job.id()] = &r;
    const std::string key = group_key(r);
    auto it = std::find_if(groups.begin(), groups.end(), [&](auto& g) { return g.first == key; });
    (it == groups.end() ? groups.emplace_back(key, std::vector<JobResult*>{}).second : it->second).push_back(&r);
  }
  if (by_name.empty()) return "";

  std::vector<std::string> flags = {"hotops-bench"};
  std::vector<char*> argv;
  for (auto& f : flags) argv.push_back(f.data());
  int argc = int(argv.size());
  benchmark::Initialize(&argc, argv.data());
  GbenchJson file;
  Collector collector(by_name, file);
  std::mt19937_64 order(seed);
  size_t done = 0;
  for (auto& [key, jobs] : groups) {
    RotationSet set;  // the previous group's operands are freed before these are made
    const JobResult& first = *jobs.front();
    const bool device =
        std::any_of(jobs.begin(), jobs.end(), [](auto* r) { return r->job.variant->device() != Device::cpu; });
    for (size_t i = 0; i < first.rotation; ++i)
      set.cases.push_back(first.job.family->make_case(first.job.problem, first.job.family->inputs().front(), seed + i,
                                                      Context{threads, device ? timing_stream() : nullptr}));
    for (int round = 0; round < repetitions; ++round) {
      std::shuffle(jobs.begin(), jobs.end(), order);
      for (JobResult* r : jobs)
        if (r->ok()) register_job(*r, set, min_time);
      benchmark::RunSpecifiedBenchmarks(&collector);
      benchmark::ClearRegisteredBenchmarks();
    }
    std::sort(jobs.begin(), jobs.end(), [](auto* a, auto* b) { return a < b; });  // suite order for the log
    for (JobResult* r : jobs) {
      ++done;
      if (!r->ok() || r->samples.empty()) continue;
      std::vector<double> s = r->samples;
      std::nth_element(s.begin(), s.begin() + s.size() / 2, s.end());
      const double t = s[s.size() / 2];
      fmt::print("  [{}/{}] {:<64} {:>10.3f} us  {:>7.2f} GB/s\n", done, by_name.size(), r->job.id(), t * 1e6,
                 r->job.family->work(r->job.problem).bytes() / t * 1e-9);
    }
    std::fflush(stdout);
  }
  for (JobResult& r : results)
    if (r.ok() && r.samples.empty() && by_name.count(r.job.id()) && by_name[r.job.id()] != &r)
      r.samples = by_name[r.job.id()]->samples;
  return file.Close();
}

}  // namespace hotops
