#include "attention/vec_scalar.h"
#include "attention/materialized.h"

namespace hotops::attention {
void materialized__scalar(const AttnArgs& a) { materialized<Scalar>(a); }
}  // namespace hotops::attention
