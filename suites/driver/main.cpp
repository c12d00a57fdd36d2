// hotops-bench: run suites, list variants, run one kernel for external tools.
#include <fmt/format.h>

#include <csignal>
#include <new>

#include "cli.h"
#include "core/isa.h"
#include "core/registry.h"
#include "describe.h"
#include "run_one.h"
#include "runner.h"
#include "suite.h"
#include "version.h"

namespace {

int list(const std::string& family) {
  if (!family.empty() && !hotops::find_family(family)) {
    std::vector<std::string_view> known;
    for (const hotops::Family* f : hotops::families()) known.push_back(f->name());
    throw hotops::SuiteError(fmt::format("no family '{}' (known: {})", family, fmt::join(known, ", ")));
  }
  for (const hotops::Family* f : hotops::families()) {
    if (!family.empty() && f->name() != family) continue;
    fmt::print("{}: {}\n", f->name(), f->description());
    fmt::print("  {:<36} {:<6} {:<11} {:<10} {:<12} {}\n", "variant", "device", "computes", "provider", "paper",
               "here");
    for (const hotops::Variant& v : f->variants()) {
      std::string why = hotops::isa_unavailable(*v.isa);
      if (why.empty()) why = hotops::missing_features(v.extra_features);
      fmt::print("  {:<36} {:<6} {:<11} {:<10} {:<12} {}\n", v.name, hotops::device_name(v.device()),
                 v.computes_with().name, v.provider_name, v.paper, why.empty() ? "runs" : "skipped: " + why);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) then fails a write with EFBIG, reported like a full disk,
  // instead of killing the process halfway through publishing its results.
  std::signal(SIGXFSZ, SIG_IGN);

  CLI::App app{"hotops-bench: microbenchmarks of ML hot operations, checked against fp64 references"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] { return hotops::version_text("hotops-bench"); });

  hotops::RunOptions ro;
  auto* run = app.add_subcommand("run", "run a suite and write results/<machine>/<time>-<suite>.json");
  run->add_option("suite", ro.suite, "suite name (suites/<name>.yaml) or path")->capture_default_str();
  run->add_option("--out", ro.out_dir, "results directory")->capture_default_str();
  run->add_option("--machine", ro.machine, "machine name for the results folder (default: host name)")
      ->check(CLI::Validator(
          [](std::string& name) -> std::string {
            try {
              hotops::check_machine_name(name);
              return {};
            } catch (const std::exception&) {
              return "must be a plain folder name (letters, digits, '_', '-', '.'), got '" + name + "'";
            }
          },
          "NAME"));
  run->add_option("--filter", ro.filter, "glob over family/variant/problem/cache, e.g. 'softmax/two_pass*'");
  run->add_option("--problem", ro.problems, "run on this problem instead of the suite's (repeatable), e.g. rows=1,n=1e6")
      ->delimiter(';');
  run->add_option("--threads", ro.threads, "threads (default: the suite's)")->check(hotops::cli::integer_at_least(1, 4096));
  run->add_option("--counters", ro.counters, "counter backend preference")
      ->check(CLI::IsMember({"auto", "likwid", "perf", "simulated", "none"}))
      ->capture_default_str();
  run->add_option("--seed", ro.seed, "input seed (recorded in the results)")
      ->check(hotops::cli::integer_at_least(0))
      ->capture_default_str();
  run->add_option("--process-runs", ro.process_runs,
                  "independent process runs, merged into one results file (default: the suite's process_runs, else 1)")
      ->check(hotops::cli::integer_at_least(1, 100));
  run->add_option("--ceilings", ro.ceilings, "ceilings file (default: <out>/<machine>/ceilings.json)");
  run->add_flag("--measure-ceilings", ro.measure_ceilings,
                "first measure the ceilings this run's roofline needs that the ceilings file lacks");

  std::string family;
  auto* ls = app.add_subcommand("list", "list families and variants, and which run on this machine");
  ls->add_option("family", family, "only this family");

  hotops::RunOneOptions oo;
  auto* one = app.add_subcommand("run-one", "check, then run one variant on one problem (for valgrind)");
  one->add_option("--family", oo.family)->required();
  one->add_option("--variant", oo.variant)->required();
  one->add_option("--problem", oo.problem)->required();
  one->add_option("--input", oo.input, "input kind (default: the family's benchmark input)");
  one->add_option("--iterations", oo.iterations)->check(hotops::cli::integer_at_least(1))->capture_default_str();
  one->add_option("--seed", oo.seed)->check(hotops::cli::integer_at_least(0))->capture_default_str();

  std::string request;
  auto* desc = app.add_subcommand("describe", "work model, canonical problem and roofline of problems timed elsewhere "
                                              "(a peer's bridge: scripts/torch_peer.py); JSON in, JSON out");
  desc->add_option("request", request, "request file, or - for stdin (format: suites/driver/describe.h)")->required();

  if (auto rc = hotops::cli::parse(app, argc, argv, "hotops-bench")) return *rc;
  try {
    if (*run) return hotops::run_suite(ro);
    if (*ls) return list(family);
    if (*one) return hotops::run_one(oo);
    if (*desc) return hotops::describe_main(request);
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "hotops-bench: error: out of memory (std::bad_alloc); try a smaller problem\n");
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "hotops-bench: error: {}\n", e.what());
    return 2;
  }
  return 0;
}
