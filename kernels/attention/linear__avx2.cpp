#include "attention/vec_avx2.h"
#include "attention/linear.h"

namespace hotops::attention {
void linear__avx2(const AttnArgs& a) { linear<Avx2>(a); }
}  // namespace hotops::attention
