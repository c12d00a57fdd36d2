#include <fmt/format.h>

#include <fstream>
#include <map>

#include "core/device_info.h"
#include "job_result.h"

namespace hotops {

size_t rotation_count(size_t footprint, const std::string& cache, size_t llc_bytes) {
  if (cache == "in" || footprint == 0) return 1;
  const size_t want = 4 * llc_bytes;
  return footprint >= want ? 1 : (want + footprint - 1) / footprint;
}

void check_jobs(std::vector<JobResult>& results, size_t llc_bytes, int threads, uint64_t seed) {
  // Group by family × problem so each problem's inputs and reference are built once.
  std::map<std::pair<const Family*, std::string>, std::vector<JobResult*>> groups;
  for (JobResult& r : results) groups[{r.job.family, r.job.problem.repro}].push_back(&r);

  for (auto& [key, jobs] : groups) {
    const Family& f = *key.first;
    const Problem& p = jobs.front()->job.problem;
    const std::string input = f.inputs().front();
    std::unique_ptr<Case> c;
    std::string unfillable;  // why the problem's operands could not be made (e.g. a corrupt input)
    std::map<const Variant*, nlohmann::json> verdicts;  // one check per variant
    for (JobResult* r : jobs) {
      const Variant& v = *r->job.variant;
      if (std::string why = v.skip_reason(p); !why.empty()) {
        r->status = "skipped: " + why;
        continue;
      }
      if (!c && unfillable.empty()) {
        fmt::print("  checking {} {} against the fp64 reference\n", f.name(), p.repro);
        std::fflush(stdout);
        try {
          c = f.make_case(p, input, seed, Context{threads});
        } catch (const std::exception& e) {  // one problem's bad input fails its jobs, not the run
          unfillable = e.what();
        }
      }
      if (!c) {
        r->status = "failed: operands: " + unfillable;
        continue;
      }
      r->footprint_bytes = c->footprint_bytes(&v);
      // In cache means the operands fit in half the level, leaving room for everything else:
      // the last-level cache for CPU variants, the device's L2 for device variants.
      const bool cpu = v.device() == Device::cpu;
      const size_t level = cpu ? llc_bytes : device_l2_bytes();
      if (r->job.cache == "in" && 2 * r->footprint_bytes > level) {
        r->status = fmt::format("skipped: operands ({:.1f} MiB) do not fit in half the {} ({:.1f} MiB)",
                                r->footprint_bytes / 1048576.0, cpu ? "last-level cache" : "device L2",
                                level / 1048576.0);
        continue;
      }
      auto it = verdicts.find(&v);
      if (it == verdicts.end()) {
        CheckResult cr;
        try {
          cr = c->check(v);
        } catch (const std::exception& e) {
          cr.passed = false;
          cr.detail = fmt::format("threw: {}", e.what());
        }
        nlohmann::json j = {{"max_err", cr.max_err}, {"tol", cr.tol}, {"passed", cr.passed}, {"input", input},
                            {"outputs", nlohmann::json::array()}};
        for (const OutputCheck& o : cr.outputs)
          j["outputs"].push_back({{"output", o.output}, {"max_err", o.max_err}, {"tol", o.tol}, {"passed", o.passed}});
        if (!cr.passed) j["detail"] = cr.detail;
        it = verdicts.emplace(&v, j).first;
      }
      r->correctness = it->second;
      if (!it->second["passed"].get<bool>())
        r->status = "failed: correctness: " + it->second.value("detail", std::string("error above tolerance"));
      // Device variants evict the device's L2 between calls instead (time_phase.cpp).
      r->rotation = v.device() == Device::cpu ? rotation_count(r->footprint_bytes, r->job.cache, llc_bytes) : 1;
    }
  }
}

bool records_job(const nlohmann::json& run, const Job& job) {
  return run.value("variant", "") == job.variant->name && run.value("cache", "") == job.cache &&
         run.value("/problem/repro"_json_pointer, std::string()) == job.problem.repro;
}

void adopt_checks(std::vector<JobResult>& results, const std::string& checked) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(std::ifstream(checked, std::ios::binary));
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("cannot read the checked run {}: {}", checked, e.what()));
  }
  const nlohmann::json& runs = doc.value("runs", nlohmann::json::array());
  if (runs.size() != results.size())
    throw std::runtime_error(fmt::format("the checked run {} has {} jobs, this run {}", checked, runs.size(),
                                         results.size()));
  int passed = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    JobResult& r = results[i];
    const nlohmann::json& c = runs[i];
    if (!records_job(c, r.job))
      throw std::runtime_error(fmt::format("the checked run {} has {} where this run has {}", checked,
                                           c.value("variant", "?"), r.job.id()));
    r.status = c.value("status", "failed: the checked run recorded no status");
    r.correctness = c.value("correctness", nlohmann::json(nullptr));
    r.footprint_bytes = c.value("footprint_bytes", size_t(0));
    r.rotation = c.value("rotation", size_t(1));
    passed += r.ok();
  }
  fmt::print("  verdicts of the first run's fp64 checks adopted: {} of {} jobs passed\n", passed, results.size());
}

}  // namespace hotops
