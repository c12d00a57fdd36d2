#include "core/problem.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

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

int64_t parse_integer(const Key& k, std::string_view v) {
  auto bad = [&] {
    return ProblemError(fmt::format("'{}={}': expected an integer (e.g. 1000, 1e6, 10^6)", k.name, v));
  };
  int64_t mantissa = 0, exponent = 0;
  const size_t pos = v.find_first_of("eE^");
  const std::string_view m = v.substr(0, pos);
  auto r = std::from_chars(m.data(), m.data() + m.size(), mantissa);
  if (r.ec != std::errc() || r.ptr != m.data() + m.size() || m.empty()) throw bad();
  if (pos != std::string_view::npos) {
    if (v[pos] == '^' && mantissa != 10) throw bad();
    const std::string_view e = v.substr(pos + 1);
    auto re = std::from_chars(e.data(), e.data() + e.size(), exponent);
    if (re.ec != std::errc() || re.ptr != e.data() + e.size() || e.empty() || exponent < 0 || exponent > 15)
      throw bad();
  }
  const bool power_of_ten = pos != std::string_view::npos && v[pos] == '^';
  const double value = power_of_ten ? std::pow(10.0, double(exponent)) : double(mantissa) * std::pow(10.0, double(exponent));
  if (value < k.min || value > k.max)
    throw ProblemError(fmt::format("'{}={}': must be between {} and {}", k.name, v, int64_t(k.min), int64_t(k.max)));
  return int64_t(value);
}

double parse_real(const Key& k, std::string_view v) {
  double x = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), x);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size() || v.empty() || !std::isfinite(x))
    throw ProblemError(fmt::format("'{}={}': expected a finite number (e.g. 0.125, 1e-3)", k.name, v));
  if (x < k.min || x > k.max) throw ProblemError(fmt::format("'{}={}': must be between {} and {}", k.name, v, k.min, k.max));
  return x;
}

bool parse_flag(const Key& k, std::string_view v) {
  if (v == "1" || v == "true" || v == "yes") return true;
  if (v == "0" || v == "false" || v == "no") return false;
  throw ProblemError(fmt::format("'{}={}': expected true or false (or 1 / 0)", k.name, v));
}

std::string parse_text(const Key& k, std::string_view v) {
  if (std::find(k.allowed.begin(), k.allowed.end(), v) == k.allowed.end())
    throw ProblemError(fmt::format("'{}={}': allowed values are {}", k.name, v, fmt::join(k.allowed, ", ")));
  return std::string(v);
}

Problem::Value parse_value(const Key& k, std::string_view v) {
  switch (k.kind) {
    case Key::Kind::integer:
      return parse_integer(k, v);
    case Key::Kind::real:
      return parse_real(k, v);
    case Key::Kind::flag:
      return parse_flag(k, v);
    default:
      return parse_text(k, v);
  }
}

std::string format_value(const Problem::Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);  // shortest round-trip form
  if (auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return std::get<std::string>(v);
}

template <class T>
const T& typed(const Problem& p, std::string_view key, const char* kind) {
  auto it = p.values.find(key);
  if (it == p.values.end()) throw ProblemError(fmt::format("problem '{}' has no key '{}'", p.repro, key));
  if (auto* v = std::get_if<T>(&it->second)) return *v;
  throw ProblemError(fmt::format("key '{}' of problem '{}' is not {}", key, p.repro, kind));
}

}  // namespace

ProblemSchema& ProblemSchema::integer(std::string name, std::optional<int64_t> default_value, int64_t min) {
  Key k{std::move(name), Key::Kind::integer};
  if (default_value) k.default_text = std::to_string(*default_value);
  k.min = double(min);
  keys_.push_back(std::move(k));
  return *this;
}

ProblemSchema& ProblemSchema::optional_integer(std::string name, int64_t min) {
  integer(std::move(name), std::nullopt, min);
  keys_.back().optional = true;
  return *this;
}

ProblemSchema& ProblemSchema::real(std::string name, std::optional<double> default_value, double min, double max) {
  Key k{std::move(name), Key::Kind::real};
  if (default_value) k.default_text = fmt::format("{}", *default_value);
  k.min = min, k.max = max;
  keys_.push_back(std::move(k));
  return *this;
}

ProblemSchema& ProblemSchema::optional_real(std::string name, double min, double max) {
  real(std::move(name), std::nullopt, min, max);
  keys_.back().optional = true;
  return *this;
}

ProblemSchema& ProblemSchema::flag(std::string name, bool default_value) {
  keys_.push_back(Key{std::move(name), Key::Kind::flag, default_value ? "true" : "false"});
  return *this;
}

ProblemSchema& ProblemSchema::choice(std::string name, std::vector<std::string> allowed) {
  Key k{std::move(name), Key::Kind::choice, allowed.front()};
  k.allowed = std::move(allowed);
  keys_.push_back(std::move(k));
  return *this;
}

ProblemSchema& ProblemSchema::dtypes(std::string name, std::vector<std::string> allowed) {
  for (const std::string& a : allowed) {
    DType t;
    if (!parse_dtype(a, &t)) throw std::invalid_argument("schema key '" + name + "': unknown dtype '" + a + "'");
  }
  choice(std::move(name), std::move(allowed));
  keys_.back().kind = Key::Kind::dtype;
  return *this;
}

ProblemSchema& ProblemSchema::direction(std::vector<std::string> allowed) { return choice("dir", std::move(allowed)); }

ProblemSchema& ProblemSchema::rule(Rule r) {
  rules_.push_back(std::move(r));
  return *this;
}

const Key* ProblemSchema::find(std::string_view name) const {
  for (const Key& k : keys_)
    if (k.name == name) return &k;
  return nullptr;
}

std::string ProblemSchema::key_list() const {
  std::string out;
  for (const Key& k : keys_) out += (out.empty() ? "" : ", ") + k.name;
  return out;
}

int64_t Problem::dim(std::string_view key) const { return typed<int64_t>(*this, key, "an integer"); }
double Problem::real(std::string_view key) const { return typed<double>(*this, key, "a number"); }
bool Problem::flag(std::string_view key) const { return typed<bool>(*this, key, "a flag"); }
const std::string& Problem::option(std::string_view key) const { return typed<std::string>(*this, key, "text"); }

DType Problem::dtype(std::string_view key) const {
  DType t;
  const std::string& name = option(key);
  if (!parse_dtype(name, &t)) throw ProblemError(fmt::format("key '{}={}' is not a dtype", key, name));
  return t;
}

std::string_view Problem::direction() const { return has("dir") ? std::string_view(option("dir")) : "fwd"; }

std::map<std::string, int64_t> Problem::dims() const {
  std::map<std::string, int64_t> out;
  for (auto& [k, v] : values)
    if (auto* i = std::get_if<int64_t>(&v)) out.emplace(k, *i);
  return out;
}

std::map<std::string, std::string> Problem::options() const {
  std::map<std::string, std::string> out;
  for (auto& [k, v] : values)
    if (!std::holds_alternative<int64_t>(v)) out.emplace(k, format_value(v));
  return out;
}

Problem parse_problem(std::string_view text, const ProblemSchema& schema) {
  std::map<std::string, std::string, std::less<>> given;
  std::string_view rest = trim(text);
  if (rest.empty()) throw ProblemError("empty problem string");
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == item.size())
      throw ProblemError(fmt::format("'{}' in problem '{}': expected key=value", item, text));
    std::string key(trim(item.substr(0, eq)));
    if (given.count(key)) throw ProblemError(fmt::format("problem '{}' gives '{}' twice", text, key));
    given.emplace(std::move(key), std::string(trim(item.substr(eq + 1))));
  }
  for (auto& [k, v] : given)
    if (!schema.find(k))
      throw ProblemError(fmt::format("unknown key '{}' in problem '{}' (known: {})", k, text, schema.key_list()));

  Problem p;
  for (const Key& k : schema.keys()) {
    auto it = given.find(k.name);
    std::string_view v;
    if (it != given.end()) {
      v = it->second;
    } else if (k.default_text) {
      v = *k.default_text;
    } else if (k.optional) {
      continue;
    } else {
      throw ProblemError(fmt::format("problem '{}' is missing '{}'", text, k.name));
    }
    try {
      p.values.emplace(k.name, parse_value(k, v));
    } catch (const ProblemError& e) {
      throw ProblemError(fmt::format("{} in problem '{}'", e.what(), text));
    }
    p.repro += (p.repro.empty() ? "" : ",") + k.name + "=" + format_value(p.values.at(k.name));
  }
  for (const ProblemSchema::Rule& rule : schema.rules())
    if (std::string why = rule(p); !why.empty()) throw ProblemError(fmt::format("{} in problem '{}'", why, text));
  return p;
}

}  // namespace hotops
