#include "attention/vec_avx512.h"
#include "attention/linear.h"

namespace hotops::attention {
void linear__avx512f(const AttnArgs& a) { linear<Avx512>(a); }
}  // namespace hotops::attention
