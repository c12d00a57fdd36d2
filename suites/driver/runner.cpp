#include "runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <cctype>
#include <chrono>

#include <csignal>
#include <cstdlib>

#include "ceilings_phase.h"
#include "core/isa.h"
#include "job_result.h"
#include "measure/ceilings/ceilings.h"
#include "measure/ceilings/drift.h"
#include "measure/load_probe.h"
#include "process_runs.h"
#include "measure/roofline.h"
#include "measure/machine.h"
#include "memory_budget.h"
#include "results.h"
#include "measure/stats.h"

namespace hotops {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

json run_json(const JobResult& r, int threads, const json& ceilings, const std::string& ceilings_reason,
              const std::vector<std::vector<double>>& process_samples = {}) {
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
    if (process_samples.size() > 1) out["time"]["process_samples"] = process_samples;
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

// Everything a run writes besides its runs, the same for one process run and for the merge.
struct SuiteRun {
  const Suite& suite;
  const RunOptions& o;
  int threads;
  std::string machine;
  json ceilings;
  std::string ceilings_reason;
};

json suite_json(const SuiteRun& sr, const std::string& pinned) {
  const Suite& suite = sr.suite;
  return {{"name", suite.name},
          {"path", suite.path},
          {"hash", suite.hash},
          {"repetitions", suite.repetitions},
          {"min_time", suite.min_time},
          {"threads", sr.threads},
          {"filter", sr.o.filter},
          {"interleaved", true},       // rounds in a seeded random order (time_phase.cpp)
          {"rotation_carried", true},  // the rotation index carries on across repetitions
          {"seed", sr.o.seed},
          {"process_runs", 1},
          {"pinning", pinned}};
}

// Both files or neither; never over an earlier run's (two runs in one second get "-2").
int publish(const SuiteRun& sr, const fs::path& dir, json doc, const std::vector<JobResult>& results,
            const std::vector<std::vector<std::vector<double>>>& process_samples, const std::string& gbench_json) {
  doc["runs"] = json::array();
  int failed = 0, skipped = 0, ok = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const JobResult& r = results[i];
    doc["runs"].push_back(run_json(r, sr.threads, sr.ceilings, sr.ceilings_reason,
                                   process_samples.empty() ? std::vector<std::vector<double>>{} : process_samples[i]));
    (r.ok() ? ok : r.status.starts_with("failed") ? failed : skipped)++;
  }
  std::vector<OutputFile> files = {{".json", doc.dump(1) + "\n"}};
  if (!gbench_json.empty()) files.push_back({".gbench.json", gbench_json});
  const std::string stem = publish_together(dir, fmt::format("{}-{}", utc_stamp(), sr.suite.name), files);
  // A process run's file is a temporary its parent merges: "hotops: results" names only the final file.
  const char* run = std::getenv(kProcessRunEnv);
  fmt::print("hotops: {} timed, {} skipped, {} failed correctness\n", ok, skipped, failed);
  if (run) fmt::print("hotops: process run {} measured\n", run);
  else fmt::print("hotops: results {}\n", (dir / (stem + ".json")).string());
  for (const JobResult& r : results)
    if (r.status.starts_with("failed")) fmt::print(stderr, "  FAILED {}: {}\n", r.job.id(), r.status);
  return failed ? 3 : 0;
}

// A job as the process runs saw it: failed in any run is failed with that run's reason;
// else skipped in any is skipped; else ok with every run's samples, in run order.
JobResult merge_job(const Job& job, size_t index, const std::vector<ChildRun>& children,
                    std::vector<std::vector<double>>& process_samples) {
  JobResult r{job};
  const json* chosen = nullptr;
  size_t chosen_run = 0;
  for (size_t k = 0; k < children.size(); ++k) {
    const json& runs = children[k].doc.at("runs");
    if (index >= runs.size())
      throw std::runtime_error(fmt::format("process run {} wrote {} runs, expected {}", k + 1, runs.size(), index + 1));
    const json& c = runs[index];
    if (!records_job(c, job))
      throw std::runtime_error(fmt::format("process run {} ran {} where {} was expected", k + 1,
                                           c.value("variant", "?"), job.id()));
    const std::string status = c.value("status", "failed: no status");
    if (!chosen || (status.starts_with("failed") && !r.status.starts_with("failed")) ||
        (status != "ok" && r.status == "ok")) {
      chosen = &c;
      chosen_run = k;
      r.status = status;
    }
    if (status == "ok" && c["time"].is_object()) {
      process_samples.push_back(c["time"]["samples"].get<std::vector<double>>());
      r.samples.insert(r.samples.end(), process_samples.back().begin(), process_samples.back().end());
    }
  }
  if (r.status != "ok") {
    process_samples.clear();
    r.samples.clear();
    // A skip is decided before timing, the same in every run; a failure names the run it happened in.
    if (children.size() > 1 && r.status.starts_with("failed"))
      r.status += fmt::format(" (process run {} of {})", chosen_run + 1, children.size());
  }
  const json& c = *chosen;
  r.correctness = c.value("correctness", json(nullptr));
  r.footprint_bytes = c.value("footprint_bytes", size_t(0));
  r.rotation = c.value("rotation", size_t(1));
  r.device_timing = c.value("device_timing", json(nullptr));
  r.counters = c.value("counters", json::object());
  r.counters_derived = c.value("counters_derived", json(nullptr));
  r.counters_source = c.value("counters_source", "none");
  r.counters_reason = c.value("counters_reason", json(nullptr));
  return r;
}

// --process-runs N > 1: this program N times, one seed each, merged into one file.
int run_in_processes(const SuiteRun& sr, const std::vector<Job>& jobs, const fs::path& ceilings_path, int n,
                     const fs::path& dir) {
  const RunOptions& o = sr.o;
  std::vector<std::string> args = {"run",       sr.suite.path, "--machine", sr.machine, "--threads",
                                   std::to_string(sr.threads), "--counters", o.counters};
  if (!o.filter.empty()) args.insert(args.end(), {"--filter", o.filter});
  for (const std::string& p : o.problems) args.insert(args.end(), {"--problem", p});
  if (!sr.ceilings.is_null()) args.insert(args.end(), {"--ceilings", fs::absolute(ceilings_path).string()});
  std::vector<uint64_t> seeds;
  for (int k = 0; k < n; ++k) seeds.push_back(o.seed + uint64_t(k) * 1000003u);  // inputs and order differ per run

  std::vector<ChildRun> children;
  try {
    children = run_children(args, sr.machine, seeds);
  } catch (const Interrupted& e) {
    fmt::print(stderr, "hotops-bench: {}\n", e.what());
    std::signal(e.signal, SIG_DFL);
    std::raise(e.signal);
    throw;
  }
  std::vector<JobResult> results;
  std::vector<std::vector<std::vector<double>>> splits(jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i) results.push_back(merge_job(jobs[i], i, children, splits[i]));

  std::vector<json> loads, drifts;
  std::vector<std::string> gbench;
  for (const ChildRun& c : children) {
    loads.push_back(c.doc["context"].value("load", json(nullptr)));
    drifts.push_back(c.doc.value("drift", json(nullptr)));
    gbench.push_back(c.gbench);
  }
  const json& first = children.front().doc;
  json doc = {{"schema_version", kSchemaVersion},
              {"context", first.at("context")},
              {"ceilings", sr.ceilings},
              {"ceilings_reason", sr.ceilings.is_null() ? json(sr.ceilings_reason) : json(nullptr)},
              {"suite", suite_json(sr, first["suite"].value("pinning", ""))},
              {"counters", first.at("counters")},
              {"drift", drifts}};
  doc["context"]["load"] = measure::combine_load_probes(loads);
  doc["suite"]["process_runs"] = n;
  doc["suite"]["process_seeds"] = seeds;
  doc["suite"]["checked_by_process_run"] = 1;  // the later runs adopted its verdicts
  return publish(sr, dir, std::move(doc), results, splits, merge_gbench(gbench));
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
  const SuiteRun sr{suite, o, threads, machine, ceilings, ceilings_reason};
  const int process_runs = o.process_runs > 0 ? o.process_runs : suite.process_runs;
  if (process_runs > 1) return run_in_processes(sr, jobs, ceilings_path, process_runs, dir);

  // Is the machine quiet, and does its memory bandwidth hold still over the suite? Both are
  // recorded, never refused: the report turns a busy machine or drift into "inconclusive".
  using Clock = std::chrono::steady_clock;
  const auto probe_t0 = Clock::now();
  measure::LoadProbe load = measure::probe_load();
  if (load.busy) fmt::print("hotops: warning: the machine is {}\n", load.detail);
  const measure::DriftPlan drift = measure::plan_drift(threads, available_memory().bytes);
  const double drift_start = measure::measure_copy_gbps(drift);  // before pinning, like the ceilings
  double overhead_s = std::chrono::duration<double>(Clock::now() - probe_t0).count();

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
  const char* checks_from = std::getenv(kProcessRunEnv) ? std::getenv(kChecksFromEnv) : nullptr;
  if (checks_from) adopt_checks(results, checks_from);
  else check_jobs(results, llc, threads, o.seed);
  const std::string gbench_json = time_jobs(results, suite.repetitions, suite.min_time, threads, o.seed);
  count_jobs(results, counters, threads, o.seed);
  const auto end_t0 = Clock::now();
  const double drift_end = measure::measure_copy_gbps(drift);
  overhead_s += std::chrono::duration<double>(Clock::now() - end_t0).count();
  measure::finish_load_probe(load);
  const json drift_entry = measure::drift_json(drift, drift_start, drift_end);
  if (drift.bytes)
    fmt::print("hotops: DRAM copy {:.1f} GB/s at the start, {:.1f} GB/s at the end ({:+.1f} %); load probe and "
               "bandwidth checks took {:.1f} s\n",
               drift_start, drift_end, 100 * (drift_end / drift_start - 1), overhead_s);
  else
    fmt::print("hotops: no bandwidth drift check: {}\n", drift.skipped);

  json doc = {{"schema_version", kSchemaVersion},
              {"context", measure::environment(machine)},
              {"ceilings", ceilings},
              {"ceilings_reason", ceilings.is_null() ? json(ceilings_reason) : json(nullptr)},
              {"suite", suite_json(sr, pinned)},
              {"counters", counters.diagnosis},
              {"drift", drift_entry}};
  doc["context"]["load"] = load.to_json();
  return publish(sr, dir, std::move(doc), results, {}, gbench_json);
}

}  // namespace hotops
