#include "run_one.h"

#include <fmt/format.h>

#include "core/registry.h"
#include "measure/counters/callgrind_markers.h"
#include "measure/machine.h"
#include "memory_budget.h"
#include "suite.h"

namespace hotops {

int run_one(const RunOneOptions& o) {
  const Family* f = find_family(o.family);
  if (!f) throw SuiteError(fmt::format("unknown family '{}'", o.family));
  const Variant* v = find_variant(*f, o.variant);
  if (!v) throw SuiteError(fmt::format("family '{}' has no variant '{}'", o.family, o.variant));
  const Problem p = f->parse(o.problem);
  if (std::string why = v->skip_reason(p); !why.empty()) {
    fmt::print(stderr, "hotops-bench: {} cannot run here: {}\n", v->name, why);
    return 4;
  }
  check_memory({Job{f, v, p, "in"}}, measure::host_topology().last_level().size, available_memory());
  auto c = f->make_case(p, o.input.empty() ? f->inputs().front() : o.input, o.seed);
  const CheckResult r = c->check(*v);
  if (!r.passed) {
    fmt::print(stderr, "hotops-bench: {} failed correctness on {}: {}\n", v->name, p.repro, r.detail);
    return 3;
  }
  measure::callgrind_kernel_begin([&] { c->run(*v); });
  for (int i = 0; i < o.iterations; ++i) c->run(*v);
  measure::callgrind_kernel_end();
  return 0;
}

}  // namespace hotops
