// hotops-callgrind-probe: the `run-one` subcommand alone, with the client-request
// sequence of callgrind_markers.h. The simulated-counters tests run it under valgrind
// so they do not depend on the bench driver.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/registry.h"
#include "measure/counters/callgrind_markers.h"

int main(int argc, char** argv) {
  CLI::App app{"hotops-callgrind-probe: run one variant for valgrind"};
  app.require_subcommand(1);
  std::string family, variant, problem, input;
  int iterations = 1;
  auto* one = app.add_subcommand("run-one", "check, then run one variant K times with callgrind collection on");
  one->add_option("--family", family)->required();
  one->add_option("--variant", variant)->required();
  one->add_option("--problem", problem)->required();
  one->add_option("--input", input);
  one->add_option("--iterations", iterations)->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  try {
    const hotops::Family* f = hotops::find_family(family);
    if (!f) throw std::runtime_error("unknown family '" + family + "'");
    const hotops::Variant* v = hotops::find_variant(*f, variant);
    if (!v) throw std::runtime_error("family '" + family + "' has no variant '" + variant + "'");
    const hotops::Problem p = f->parse(problem);
    if (std::string why = v->skip_reason(p); !why.empty()) throw std::runtime_error(why);
    auto c = f->make_case(p, input.empty() ? f->inputs().front() : input, 1);
    if (const auto r = c->check(*v); !r.passed) throw std::runtime_error("failed correctness: " + r.detail);
    hotops::measure::callgrind_kernel_begin([&] { c->run(*v); });
    for (int i = 0; i < iterations; ++i) c->run(*v);
    hotops::measure::callgrind_kernel_end();
  } catch (const std::exception& e) {
    fmt::print(stderr, "hotops-callgrind-probe: error: {}\n", e.what());
    return 2;
  }
  return 0;
}
