#include <fmt/format.h>

#include "job_result.h"

namespace hotops {

void count_jobs(std::vector<JobResult>& results, const measure::CounterSelection& counters, int threads,
                uint64_t seed) {
  for (JobResult& r : results) {
    if (!r.ok()) continue;
    if (!counters.backend) {
      r.counters_reason = counters.diagnosis.value("reason", "no counter backend");
      continue;
    }
    const Job& j = r.job;
    const std::string input = j.family->inputs().front();
    std::unique_ptr<Case> c;  // in-process backends count on a case of their own
    if (counters.source != "simulated") c = j.family->make_case(j.problem, input, seed, Context{threads});
    if (c) c->prepare(*j.variant);
    measure::CounterRequest req;
    if (c) req.run = [&c, &j] { c->run(*j.variant); };
    req.family = std::string(j.family->name());
    req.variant = std::string(j.variant->name);
    req.problem = j.problem.repro;
    req.input = input;
    req.isa = std::string(j.variant->computes_with().name);
    req.peer = j.variant->is_peer();
    req.threads = threads;
    req.minimum = j.family->work(j.problem);
    fmt::print("  counting {} ({})\n", j.id(), counters.source);
    std::fflush(stdout);
    const nlohmann::json m = measure::measure(counters, req);
    r.counters_source = m.value("source", std::string("none"));
    if (r.counters_source == "none") {
      r.counters_reason = m.value("reason", std::string("no reason given"));
    } else {
      r.counters = m.value("per_call", nlohmann::json::object());
      r.counters_derived = m.value("derived", nlohmann::json(nullptr));
    }
  }
}

}  // namespace hotops
