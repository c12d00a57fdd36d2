#include "suite.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/registry.h"

namespace hotops {
namespace fs = std::filesystem;
namespace {

std::string sha256_hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

fs::path resolve(const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".yaml")) return name_or_path;
  return fs::path(HOTOPS_SOURCE_DIR) / "suites" / (name_or_path + ".yaml");
}

std::vector<std::string> available_suites() {
  std::vector<std::string> names;
  for (auto& e : fs::directory_iterator(fs::path(HOTOPS_SOURCE_DIR) / "suites"))
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> strings(const YAML::Node& n, const std::string& where) {
  if (!n) throw SuiteError(where + " is missing");
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence() || n.size() == 0) throw SuiteError(where + " must be a string or a non-empty list");
  std::vector<std::string> out;
  for (const auto& item : n) {
    if (!item.IsScalar()) throw SuiteError(where + " must hold strings");
    out.push_back(item.Scalar());
  }
  return out;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Keys are checked, not looked up: a misspelled key would otherwise be ignored silently
// (`variant:` would run every variant) and a repeated one would silently win or lose.
void check_keys(const YAML::Node& map, const std::vector<std::string>& known, const std::string& where) {
  std::vector<std::string> seen;
  for (const auto& kv : map) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      throw SuiteError(fmt::format("{}: key '{}' is given twice", where, key));
    seen.push_back(key);
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const auto best = std::min_element(known.begin(), known.end(), [&](auto& a, auto& b) {
      return edit_distance(key, a) < edit_distance(key, b);
    });
    const bool close = edit_distance(key, *best) <= std::max<size_t>(2, key.size() / 3);
    throw SuiteError(fmt::format("{}: unknown key '{}' ({})", where, key,
                                 close ? fmt::format("did you mean '{}'?", *best)
                                       : fmt::format("known keys: {}", fmt::join(known, ", "))));
  }
}

template <class T>
T scalar(const YAML::Node& n, const std::string& where, const char* expected) {
  if (!n.IsScalar()) throw SuiteError(fmt::format("{}: expected {}", where, expected));
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    throw SuiteError(fmt::format("{}: expected {}, got '{}'", where, expected, n.Scalar()));
  }
}

// The suite name becomes part of the results file name.
void check_name(const std::string& name, const std::string& where) {
  const bool ok = !name.empty() && std::isalnum(static_cast<unsigned char>(name[0])) &&
                  std::all_of(name.begin(), name.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
                  });
  if (!ok)
    throw SuiteError(fmt::format("{}: name '{}' must start with a letter or digit and hold only letters, digits, "
                                 "'_', '-' and '.' (it names the results file)",
                                 where, name));
}

}  // namespace

std::string Job::id() const {
  return fmt::format("{}/{}/{}/{}", family->name(), variant->name, problem.repro, cache);
}

Suite load_suite(const std::string& name_or_path) {
  const fs::path path = resolve(name_or_path);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw SuiteError(fmt::format("no suite '{}' (looked for {}); available: {}", name_or_path, path.string(),
                                 fmt::join(available_suites(), ", ")));
  std::stringstream buf;
  buf << in.rdbuf();
  Suite s;
  s.path = path.string();
  s.hash = "sha256:" + sha256_hex(buf.str());
  YAML::Node root;
  try {
    root = YAML::Load(buf.str());
  } catch (const YAML::Exception& e) {
    throw SuiteError(fmt::format("{}: not valid YAML: {}", s.path, e.what()));
  }
  const std::string where = s.path;
  try {
    if (!root.IsMap()) throw SuiteError(where + ": expected a mapping at the top");
    // `peers` is read by scripts/torch_peer.py, not by the driver.
    check_keys(root, {"name", "description", "repetitions", "min_time", "threads", "process_runs", "entries", "peers"}, where);
    s.name = root["name"] ? scalar<std::string>(root["name"], where + ": 'name'", "a string") : path.stem().string();
    check_name(s.name, where);
    s.description = root["description"] ? scalar<std::string>(root["description"], where + ": 'description'", "a string") : "";
    if (root["repetitions"]) s.repetitions = scalar<int>(root["repetitions"], where + ": 'repetitions'", "an integer");
    if (root["min_time"]) s.min_time = scalar<double>(root["min_time"], where + ": 'min_time'", "a number of seconds");
    if (root["threads"]) s.threads = scalar<int>(root["threads"], where + ": 'threads'", "an integer");
    if (root["process_runs"]) s.process_runs = scalar<int>(root["process_runs"], where + ": 'process_runs'", "an integer");
    if (s.repetitions < 1 || !(s.min_time > 0) || !std::isfinite(s.min_time) || s.threads < 1 || s.process_runs < 1 ||
        s.process_runs > 100)
      throw SuiteError(where + ": repetitions, min_time and threads must be positive (and min_time finite), "
                       "process_runs from 1 to 100");
    const YAML::Node entries = root["entries"];
    if (!entries || !entries.IsSequence() || entries.size() == 0)
      throw SuiteError(where + ": 'entries' must be a non-empty list");
    int index = 0;
    for (const auto& e : entries) {
      const std::string at = fmt::format("{} entry {}", where, ++index);
      SuiteEntry entry;
      if (!e.IsMap()) throw SuiteError(at + ": expected a mapping (family, variants, problems, cache)");
      check_keys(e, {"family", "variants", "problems", "cache"}, at);
      if (!e["family"]) throw SuiteError(at + ": 'family' is missing");
      entry.family = scalar<std::string>(e["family"], at + ": 'family'", "a family name");
      const Family* f = find_family(entry.family);
      if (!f) {
        std::vector<std::string_view> known;
        for (const Family* k : families()) known.push_back(k->name());
        throw SuiteError(fmt::format("{}: unknown family '{}' (known: {})", at, entry.family, fmt::join(known, ", ")));
      }
      entry.variants = e["variants"] ? strings(e["variants"], at + ": 'variants'") : std::vector<std::string>{"*"};
      entry.problems = strings(e["problems"], at + ": 'problems'");
      entry.cache = e["cache"] ? strings(e["cache"], at + ": 'cache'") : std::vector<std::string>{"in", "out"};
      for (const auto& c : entry.cache)
        if (c != "in" && c != "out") throw SuiteError(fmt::format("{}: cache '{}' must be 'in' or 'out'", at, c));
      for (const auto& glob : entry.variants) {
        bool any = std::any_of(f->variants().begin(), f->variants().end(),
                               [&](const Variant& v) { return glob_match(glob, v.name); });
        // A glob may legitimately match nothing (e.g. a peer not built here); an exact name may not.
        if (!any && glob.find_first_of("*?") == std::string::npos)
          throw SuiteError(fmt::format("{}: family '{}' has no variant '{}'", at, entry.family, glob));
      }
      for (const auto& p : entry.problems) {
        try {
          f->parse(p);
        } catch (const ProblemError& err) {
          throw SuiteError(fmt::format("{}: {}", at, err.what()));
        }
      }
      s.entries.push_back(std::move(entry));
    }
  } catch (const YAML::Exception& e) {
    throw SuiteError(fmt::format("{}: {}", where, e.what()));
  }
  return s;
}

void override_problems(Suite& s, const std::vector<std::string>& problems) {
  if (problems.empty()) return;
  std::vector<std::string> reasons(problems.size());
  std::vector<bool> used(problems.size(), false);
  std::vector<SuiteEntry> kept;
  for (SuiteEntry& e : s.entries) {
    const Family* f = find_family(e.family);
    e.problems.clear();
    for (size_t i = 0; i < problems.size(); ++i) {
      try {
        f->parse(problems[i]);
        e.problems.push_back(problems[i]);
        used[i] = true;
      } catch (const ProblemError& err) {
        reasons[i] += fmt::format("{}{}: {}", reasons[i].empty() ? "" : "; ", e.family, err.what());
      }
    }
    if (!e.problems.empty()) kept.push_back(std::move(e));
  }
  for (size_t i = 0; i < problems.size(); ++i)
    if (!used[i]) throw SuiteError(fmt::format("problem '{}' fits no family of suite '{}' ({})", problems[i], s.name, reasons[i]));
  s.entries = std::move(kept);
}

std::vector<Job> expand(const Suite& s, const std::string& filter) {
  std::vector<Job> jobs;
  for (const auto& e : s.entries) {
    const Family* f = find_family(e.family);
    for (const auto& repro : e.problems) {
      const Problem p = f->parse(repro);
      for (const auto& cache : e.cache)
        for (const Variant& v : f->variants()) {
          if (std::none_of(e.variants.begin(), e.variants.end(), [&](auto& g) { return glob_match(g, v.name); }))
            continue;
          Job j{f, &v, p, cache};
          if (filter.empty() || glob_match(filter, j.id())) jobs.push_back(std::move(j));
        }
    }
  }
  return jobs;
}

}  // namespace hotops
