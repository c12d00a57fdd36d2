#include "attention/vec_avx512.h"
#include "attention/materialized.h"

namespace hotops::attention {
void materialized__avx512f(const AttnArgs& a) { materialized<Avx512>(a); }
}  // namespace hotops::attention
