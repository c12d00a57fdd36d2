#include "measure/ceilings/likwid_bench.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "measure/subprocess.h"

namespace hotops::measure {
namespace {

constexpr double kTimeout = 300;

// "Key:\t\tvalue" lines of the report.
std::map<std::string, std::string> key_values(const std::string& text) {
  std::map<std::string, std::string> kv;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon), value = line.substr(colon + 1);
    auto trim = [](std::string& s) {
      s.erase(0, s.find_first_not_of(" \t\r"));
      s.erase(s.find_last_not_of(" \t\r") + 1);
    };
    trim(key);
    trim(value);
    if (!kv.count(key)) kv[key] = value;
  }
  return kv;
}

double number(const std::map<std::string, std::string>& kv, const std::string& key) {
  auto it = kv.find(key);
  if (it == kv.end()) throw std::runtime_error("likwid-bench report has no '" + key + "' line");
  try {
    return std::stod(it->second);
  } catch (const std::exception&) {
    throw std::runtime_error("likwid-bench report: '" + key + "' is not a number: '" + it->second + "'");
  }
}

std::string last_lines(const std::string& s, size_t n) {
  size_t pos = s.size();
  for (size_t i = 0; i < n && pos != std::string::npos && pos > 0; ++i) pos = s.rfind('\n', pos - 1);
  return pos == std::string::npos || pos == 0 ? s : s.substr(pos + 1);
}

}  // namespace

LikwidBenchReport parse_likwid_bench(const std::string& output) {
  std::smatch m;
  if (std::regex_search(output, m, std::regex(R"(ERROR:\s*([^\n]*))")))
    throw std::runtime_error("likwid-bench: " + m[1].str());
  const auto kv = key_values(output);
  LikwidBenchReport r;
  if (auto it = kv.find("Test"); it != kv.end()) r.test = it->second;
  if (std::regex_search(output, m, std::regex(R"(Using (\d+) threads)"))) r.threads = std::stoi(m[1].str());
  r.time_s = number(kv, "Time");
  r.iterations = int64_t(number(kv, "Iterations"));
  r.size_bytes = number(kv, "Size (Byte)");
  r.mbytes_per_s = number(kv, "MByte/s");
  r.mflops_per_s = number(kv, "MFlops/s");
  if (r.time_s <= 0) throw std::runtime_error("likwid-bench report: non-positive Time");
  static const std::regex placed(R"(Global Thread \d+ running on hwthread (\d+))");
  for (auto it = std::sregex_iterator(output.begin(), output.end(), placed); it != std::sregex_iterator(); ++it)
    r.hwthreads.push_back(std::stoi((*it)[1].str()));
  return r;
}

std::map<std::string, std::string> parse_likwid_test_properties(const std::string& output) {
  return key_values(output);
}

std::vector<std::string> parse_likwid_test_list(const std::string& output) {
  std::vector<std::string> tests;
  std::istringstream in(output);
  static const std::regex line_re(R"(^([A-Za-z0-9_]+) - )");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, line_re)) tests.push_back(m[1].str());
  }
  return tests;
}

std::string likwid_size(size_t bytes) { return std::to_string(std::max<size_t>(1, (bytes + 500) / 1000)) + "kB"; }

bool LikwidBench::has(const std::string& test) const {
  return std::find(tests.begin(), tests.end(), test) != tests.end();
}

LikwidBench probe_likwid_bench(const std::string& program) {
  LikwidBench lb;
  const std::string path = find_program(program);
  if (path.empty()) {
    lb.unavailable = program + " not found in PATH";
    return lb;
  }
  const ProcessResult list = run_process({path, "-a"}, 30);
  if (!list.error.empty() || list.exit_code != 0) {
    lb.unavailable = path + " -a failed: " + (list.error.empty() ? last_lines(list.output, 3) : list.error);
    return lb;
  }
  lb.tests = parse_likwid_test_list(list.output);
  if (lb.tests.empty()) {
    lb.unavailable = path + " -a listed no kernels";
    return lb;
  }
  const ProcessResult help = run_process({path, "-h"}, 30);
  std::smatch m;
  if (std::regex_search(help.output, m, std::regex(R"(Version\s+([0-9.]+))"))) lb.version = m[1].str();
  lb.path = path;
  return lb;
}

int64_t likwid_iterations(const LikwidBench& lb, const std::string& test, const std::string& work_key,
                          size_t bytes, double expected_rate, double seconds) {
  static std::map<std::string, std::map<std::string, std::string>> cache;  // one `-l` per test
  const std::string key = lb.path + " " + test;
  auto it = cache.find(key);
  if (it == cache.end())
    it = cache.emplace(key, parse_likwid_test_properties(run_process({lb.path, "-l", test}, 30).output)).first;
  const auto& props = it->second;
  const double work_per_element = number(props, work_key);
  const double bytes_per_element = number(props, "Bytes per element");
  if (work_per_element <= 0 || bytes_per_element <= 0 || expected_rate <= 0) return 10;
  const double work_per_iteration = double(bytes) / bytes_per_element * work_per_element;  // all threads
  return std::max<int64_t>(10, int64_t(std::ceil(seconds * expected_rate / work_per_iteration)));
}

LikwidRun run_likwid_bench(const LikwidBench& lb, const std::string& test, size_t bytes, int threads,
                           int64_t iterations) {
  LikwidRun run;
  // -W: each thread allocates (first-touches) its own chunk, as the built-in kernels do.
  run.command = {lb.path, "-t", test, "-W", "N:" + likwid_size(bytes) + ":" + std::to_string(threads), "-i",
                 std::to_string(iterations)};
  const ProcessResult r = run_process(run.command, kTimeout);
  if (!r.error.empty()) {
    run.error = r.error;
  } else if (r.timed_out) {
    run.error = "timed out after " + std::to_string(int(kTimeout)) + " s";
  } else {
    try {
      run.report = parse_likwid_bench(r.output);
      std::vector<int> hw = run.report.hwthreads;
      std::sort(hw.begin(), hw.end());
      hw.erase(std::unique(hw.begin(), hw.end()), hw.end());
      if (r.exit_code != 0) {
        run.error = "exit code " + std::to_string(r.exit_code);
      } else if (!run.report.hwthreads.empty() && int(hw.size()) < threads) {
        // likwid builds its domains from the inherited affinity mask.
        run.error = std::to_string(threads) + " threads placed on " + std::to_string(hw.size()) +
                    " hwthread(s): is this process bound to fewer cores?";
      }
    } catch (const std::exception& e) {
      run.error = std::string(e.what()) + (r.exit_code != 0 ? " (exit code " + std::to_string(r.exit_code) + ")" : "");
    }
  }
  return run;
}

}  // namespace hotops::measure
