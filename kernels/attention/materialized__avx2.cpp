#include "attention/vec_avx2.h"
#include "attention/materialized.h"

namespace hotops::attention {
void materialized__avx2(const AttnArgs& a) { materialized<Avx2>(a); }
}  // namespace hotops::attention
