#include "runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <cctype>

#include "ceilings_phase.h"
#include "core/isa.h"
#include "job_result.h"
#include "measure/ceilings/ceilings.h"
#include "measure/roofline.h"
#include "measure/machine.h"
#include "memory_budget.h"
#include "results.h"
#include "measure/stats.h"

namespace hotops {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

json run_json(const JobResult& r, int threads, const json& ceilings, const std::string& ceilings_reason) {
  const Job& j = r.job;
  const Work w = j.family->work(j.problem);
  const Work t = j.family->traffic(j.problem, *j.variant);
  json out = {{"family", j.family->name()},
              {"variant", j.variant->name},
              {"algorithm", j.variant->algorithm()},
              {"isa", j.variant->isa_name()},
              {"computes_with", j.variant->computes_with().name},
              {"provider", j.variant->provider_name},
              {"device", device_name(j.variant->device())},
              {"paper", j.variant->paper},
              {"problem", {{"repro", j.problem.repro}, {"dims", j.problem.dims()}, {"options", j.problem.options()}}},
              {"cache", j.cache},
              {"footprint_bytes", r.footprint_bytes},
              {"rotation", r.rotation},
              {"threads", threads},
              {"work", work_json(w)},
              {"traffic", work_json(t)},
              {"time", nullptr},
              {"device_timing", r.device_timing},
              {"derived", nullptr},
              {"counters", r.counters},
              {"counters_derived", r.counters_derived},
              {"counters_source", r.counters_source},
              {"counters_reason", r.counters_reason},
              {"correctness", r.correctness},
              {"status", r.status}};
  if (r.ok() && !r.samples.empty()) {
    const measure::Summary s = measure::summarize(r.samples);
    out["time"] = {{"unit", "s"},       {"median", s.median}, {"p20", s.p20},   {"p80", s.p80},
                   {"mean", s.mean},    {"min", s.min},       {"stddev", s.stddev}, {"cv", s.cv},
                   {"repetitions", r.samples.size()}, {"samples", r.samples}};
    measure::RooflineInput in;
    in.minimum = w;
    in.traffic = t;
    in.seconds = s.median;
    in.footprint_bytes = double(r.footprint_bytes);
    in.cache = j.cache;
    in.threads = threads;
    in.computes_with = &j.variant->computes_with();
    out["derived"] = measure::place_on_roofline(in, ceilings, ceilings_reason);
    out["derived"]["elements_per_s"] = w.elements / s.median;
  }
  return out;
}

}  // namespace

void check_machine_name(const std::string& name) {
  const bool plain = !name.empty() && name != "." && name != ".." &&
                     std::all_of(name.begin(), name.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
                     });
  if (!plain)
    throw std::runtime_error(fmt::format("--machine '{}' must be a plain folder name (letters, digits, '_', '-', '.')",
                                         name));
}

int run_suite(const RunOptions& o) {
  Suite suite = load_suite(o.suite);
  override_problems(suite, o.problems);
  const std::vector<Job> jobs = expand(suite, o.filter);
  if (jobs.empty())
    throw SuiteError(fmt::format("suite '{}' has no benchmark matching filter '{}'", suite.name, o.filter));
  const int threads = o.threads > 0 ? o.threads : suite.threads;
  if (o.out_dir.empty()) throw std::runtime_error("--out must name a directory (it is empty)");
  const std::string machine = o.machine.empty() ? measure::machine_name() : o.machine;
  check_machine_name(machine);
  const fs::path dir = fs::path(o.out_dir) / machine;

  if (threads > measure::host_topology().cores)
    throw std::runtime_error(fmt::format("{} threads asked for, but this machine has {} cores", threads, measure::host_topology().cores));

  // Ceilings named on the command line must be usable; the default file may be absent.
  const fs::path ceilings_path = o.ceilings.empty() ? dir / "ceilings.json" : fs::path(o.ceilings);
  std::string ceilings_reason;
  json ceilings = measure::load_ceilings(ceilings_path.string(), &ceilings_reason);
  if (ceilings.is_null() && !o.ceilings.empty())
    throw std::runtime_error(fmt::format("--ceilings {}: {}", o.ceilings, ceilings_reason));

  const size_t llc = measure::host_topology().last_level().size;
  check_memory(jobs, llc, available_memory());
  ensure_writable(dir);  // fail before spending minutes on a run that cannot be saved

  if (o.measure_ceilings) {  // before pinning: the ceilings runner pins its own threads
    ceilings = complete_ceilings(jobs, threads, ceilings_path, ceilings, suite.name);
    if (!ceilings.is_null()) ceilings_reason.clear();
  }
  const std::string pinned = measure::pin_process_to_cores(threads);
  fmt::print("hotops: suite '{}' ({} benchmarks), {} thread(s) pinned to {}, LLC {:.0f} MiB\n", suite.name,
             jobs.size(), threads, pinned, llc / 1048576.0);
  if (ceilings.is_null())
    fmt::print("hotops: no roofline ceilings ({}); measure them with --measure-ceilings or ./run_suite.sh ceilings\n",
               ceilings_reason);
  measure::CounterProbes probes = measure::default_counter_probes();
  if (o.counters == "auto")  // valgrind is ~100x slower: simulated counters only when asked for
    probes.simulated = [](std::string* why) {
      *why = "not tried in auto mode (valgrind is slow): ask for it with --counters=simulated";
      return std::unique_ptr<measure::CounterBackend>();
    };
  const measure::CounterSelection counters = measure::select_counters(o.counters, probes);
  fmt::print("hotops: counters: {} ({})\n", counters.source, counters.diagnosis.value("reason", ""));

  std::vector<JobResult> results;
  for (const Job& j : jobs) results.push_back(JobResult{j});
  measure::record_gpu_start_state();  // clocks before and after, in the environment
  check_jobs(results, llc, threads, o.seed);
  const std::string gbench_json = time_jobs(results, suite.repetitions, suite.min_time, threads, o.seed);
  count_jobs(results, counters, threads, o.seed);

  json doc = {{"schema_version", kSchemaVersion},
              {"context", measure::environment(machine)},
              {"ceilings", ceilings},
              {"ceilings_reason", ceilings.is_null() ? json(ceilings_reason) : json(nullptr)},
              {"suite",
               {{"name", suite.name},
                {"path", suite.path},
                {"hash", suite.hash},
                {"repetitions", suite.repetitions},
                {"min_time", suite.min_time},
                {"threads", threads},
                {"filter", o.filter},
                {"interleaved", true},       // rounds in a seeded random order (time_phase.cpp)
                {"rotation_carried", true},  // the rotation index carries on across repetitions
                {"seed", o.seed},
                {"pinning", pinned}}},
              {"counters", counters.diagnosis},
              {"runs", json::array()}};
  int failed = 0, skipped = 0, ok = 0;
  for (const JobResult& r : results) {
    doc["runs"].push_back(run_json(r, threads, ceilings, ceilings_reason));
    (r.ok() ? ok : r.status.starts_with("failed") ? failed : skipped)++;
  }
  // Both files or neither; never over an earlier run's (two runs in one second get "-2").
  std::vector<OutputFile> files = {{".json", doc.dump(1) + "\n"}};
  if (!gbench_json.empty()) files.push_back({".gbench.json", gbench_json});
  const std::string stem = publish_together(dir, fmt::format("{}-{}", utc_stamp(), suite.name), files);
  fmt::print("hotops: {} timed, {} skipped, {} failed correctness\nhotops: results {}\n", ok, skipped, failed,
             (dir / (stem + ".json")).string());
  for (const JobResult& r : results)
    if (r.status.starts_with("failed")) fmt::print(stderr, "  FAILED {}: {}\n", r.job.id(), r.status);
  return failed ? 3 : 0;
}

}  // namespace hotops
