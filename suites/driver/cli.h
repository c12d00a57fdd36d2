// Command-line conventions shared by hotops-bench and hotops-ceilings: errors in the tool's
// own voice ("<tool>: error: ...") with exit 2, validators that say what they expected,
// and `--version`.
#pragma once
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <string>

namespace hotops::cli {

inline constexpr int kUsageError = 2;

// Parses; --help/--version print and give 0, any other parse error prints
// "<program>: error: <what> (see <program> --help)" and gives 2. nullopt: go on.
inline std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::string& program) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    fmt::print("{}\n", e.what());
    return 0;
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (what == "A subcommand is required") {
      std::string names;
      const CLI::App& all = app;
      for (const CLI::App* sub : all.get_subcommands([](const CLI::App*) { return true; }))
        names += (names.empty() ? "" : ", ") + sub->get_name();
      what = "a subcommand is required (" + names + ")";
    }
    fmt::print(stderr, "{}: error: {} (see {} --help)\n", program, what, program);
    return kUsageError;
  }
}

// Whole numbers in [min, max]; the message names what was given.
inline CLI::Validator integer_at_least(long long min, long long max = (1LL << 53)) {
  return CLI::Validator(
      [min, max](std::string& s) -> std::string {
        long long v = 0;
        auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v < min || v > max)
          return fmt::format("expected a whole number from {} to {}, got '{}'", min, max, s);
        return {};
      },
      fmt::format("INT>={}", min));
}

}  // namespace hotops::cli
