#include "core/problem.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace hotops {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int64_t parse_int(std::string_view key, std::string_view v) {
  auto bad = [&] {
    return ProblemError(fmt::format("'{}={}': expected a positive integer (e.g. 1000, 1e6, 10^6)", key, v));
  };
  int64_t mantissa = 0, exponent = 0;
  size_t pos = v.find_first_of("eE^");
  std::string_view m = v.substr(0, pos);
  auto r = std::from_chars(m.data(), m.data() + m.size(), mantissa);
  if (r.ec != std::errc() || r.ptr != m.data() + m.size() || m.empty()) throw bad();
  if (pos != std::string_view::npos) {
    if (v[pos] == '^' && mantissa != 10) throw bad();
    std::string_view e = v.substr(pos + 1);
    auto re = std::from_chars(e.data(), e.data() + e.size(), exponent);
    if (re.ec != std::errc() || re.ptr != e.data() + e.size() || e.empty() || exponent < 0 || exponent > 15)
      throw bad();
  }
  double value = (v.find('^') != std::string_view::npos) ? std::pow(10.0, double(exponent))
                                                           : double(mantissa) * std::pow(10.0, double(exponent));
  if (value > 9.0e15) throw bad();
  return int64_t(value);
}

}  // namespace

int64_t Problem::dim(const std::string& key) const {
  auto it = dims.find(key);
  if (it == dims.end()) throw ProblemError(fmt::format("problem '{}' has no dimension '{}'", repro, key));
  return it->second;
}

const std::string& Problem::option(const std::string& key) const {
  auto it = options.find(key);
  if (it == options.end()) throw ProblemError(fmt::format("problem '{}' has no option '{}'", repro, key));
  return it->second;
}

Problem parse_problem(std::string_view text, const ProblemSchema& schema) {
  Problem p;
  std::map<std::string, std::string, std::less<>> given;
  std::string_view rest = trim(text);
  if (rest.empty()) throw ProblemError("empty problem string");
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == item.size())
      throw ProblemError(fmt::format("'{}' in problem '{}': expected key=value", item, text));
    std::string key(trim(item.substr(0, eq)));
    if (given.count(key)) throw ProblemError(fmt::format("problem '{}' gives '{}' twice", text, key));
    given.emplace(key, std::string(trim(item.substr(eq + 1))));
  }
  auto known = [&](const std::string& k) {
    return std::any_of(schema.dims.begin(), schema.dims.end(), [&](auto& d) { return d.key == k; }) ||
           std::any_of(schema.options.begin(), schema.options.end(), [&](auto& o) { return o.key == k; });
  };
  for (auto& [k, v] : given) {
    if (!known(k)) {
      std::string keys;
      for (auto& d : schema.dims) keys += (keys.empty() ? "" : ", ") + d.key;
      for (auto& o : schema.options) keys += (keys.empty() ? "" : ", ") + o.key;
      throw ProblemError(fmt::format("unknown key '{}' in problem '{}' (known: {})", k, text, keys));
    }
  }
  std::string repro;
  auto append = [&](const std::string& k, const std::string& v) {
    repro += (repro.empty() ? "" : ",") + k + "=" + v;
  };
  for (auto& d : schema.dims) {
    auto it = given.find(d.key);
    int64_t value;
    if (it != given.end()) {
      value = parse_int(d.key, it->second);
    } else if (d.default_value >= 0) {
      value = d.default_value;
    } else {
      throw ProblemError(fmt::format("problem '{}' is missing '{}'", text, d.key));
    }
    if (value < d.min_value)
      throw ProblemError(fmt::format("'{}={}' in problem '{}': must be at least {}", d.key, value, text, d.min_value));
    p.dims[d.key] = value;
    append(d.key, std::to_string(value));
  }
  for (auto& o : schema.options) {
    auto it = given.find(o.key);
    std::string value = it != given.end() ? it->second : o.allowed.front();
    if (std::find(o.allowed.begin(), o.allowed.end(), value) == o.allowed.end())
      throw ProblemError(fmt::format("'{}={}' in problem '{}': allowed values are {}", o.key, value, text,
                                     fmt::join(o.allowed, ", ")));
    p.options[o.key] = value;
    append(o.key, value);
  }
  p.repro = repro;
  return p;
}

}  // namespace hotops
