#include "core/case.h"

#include <fmt/format.h>

#include <cstring>
#include <stdexcept>

#include "core/family.h"

namespace hotops {

Case::Case(const Family& f, Problem p, std::string input, uint64_t seed, Context ctx)
    : family_(f), problem_(std::move(p)), input_(std::move(input)), seed_(seed), ctx_(ctx) {
  for (Operand& o : f.operands(problem_, ctx_)) tensors_.emplace_back(std::move(o));
  f.fill(*this);
  for (const Tensor& t : tensors_)
    if (t.spec().access == Access::state) {
      auto& copy = pristine_[t.role()];
      copy.resize(t.bytes());
      std::memcpy(copy.data(), t.host(), t.bytes());
    }
}

Tensor& Case::tensor(std::string_view role) {
  for (Tensor& t : tensors_)
    if (t.role() == role) return t;
  throw std::logic_error(fmt::format("family {} has no operand '{}'", family_.name(), role));
}
const Tensor& Case::tensor(std::string_view role) const { return const_cast<Case*>(this)->tensor(role); }

double Case::scalar(const std::string& name) const {
  auto it = scalars_.find(name);
  if (it == scalars_.end()) throw std::logic_error(fmt::format("family {} set no scalar '{}'", family_.name(), name));
  return it->second;
}

void* Case::data(std::string_view role) {
  Tensor& t = tensor(role);
  return running_ == Device::cuda ? t.device() : t.host();
}

size_t Case::footprint_bytes(const Variant* v) const {
  size_t bytes = v ? v->workspace(problem_) : 0;
  for (const Tensor& t : tensors_) bytes += t.bytes();
  return bytes;
}

void Case::prepare(const Variant& v) {
  if (const size_t ws = v.workspace(problem_); ws > workspace_.size()) {
    workspace_ = Buffer<std::byte>(ws);
    std::memset(workspace_.data(), 0, ws);
  }
  if (v.device() == Device::cuda && !device_ready_) {
    for (Tensor& t : tensors_) t.to_device();
    device_ready_ = true;
  }
}

void Case::run(const Variant& v) {
  running_ = v.device();
  family_.run(v, *this);
  running_ = Device::cpu;
}

void Case::reset() {
  for (Tensor& t : tensors_) {
    auto it = pristine_.find(t.role());
    if (it == pristine_.end()) continue;
    std::memcpy(t.host(), it->second.data(), t.bytes());
    if (t.on_device()) t.to_device();
  }
}

CheckResult Case::check(const Variant& v) {
  if (expected_.empty()) expected_ = family_.reference(*this);
  prepare(v);
  reset();
  for (Tensor& t : tensors_)
    if (t.spec().access == Access::out) {
      t.poison();  // a kernel must write every output
      if (v.device() == Device::cuda) t.to_device();
    }
  run(v);
  CheckResult r;
  for (const Expected& e : expected_) {
    Tensor& y = tensor(e.output);
    if (v.device() == Device::cuda) y.from_device();
    r.add(compare(y, e, family_.tolerance(v, *this, e)));
  }
  return r;
}

}  // namespace hotops
