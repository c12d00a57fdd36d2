#include "core/family.h"

#include "core/define_family.h"

namespace hotops {

double Family::tolerance(const Variant&, const Case&, const Expected& e) const { return e.tol; }

Work Family::traffic(const Problem& p, const Variant& v) const {
  const Work w = work(p);
  return v.traffic_model ? v.traffic_model(p, w) : w;
}

double Family::footprint_bytes(const Problem& p, const Variant* v, const Context& ctx) const {
  double bytes = v ? double(v->workspace(p)) : 0.0;
  for (const Operand& o : operands(p, ctx)) bytes += o.bytes();
  return bytes;
}

std::unique_ptr<Case> Family::make_case(const Problem& p, const std::string& input, uint64_t seed, Context ctx) const {
  return std::make_unique<Case>(*this, p, input, seed, ctx);
}

std::vector<Variant> variants_of(std::string_view family, void (*add)(VariantList&)) {
  VariantList list(family);
  add(list);
  return list.take();
}

}  // namespace hotops
