#include "core/variant.h"

namespace hotops {

std::string Variant::skip_reason(const Problem& p) const {
  std::string why = isa_unavailable(*isa);
  if (why.empty()) why = missing_features(extra_features);
  if (why.empty() && unsupported_reason) why = unsupported_reason(p);
  return why;
}

}  // namespace hotops
