#include "attention/vec_avx512.h"
#include "attention/flash.h"

namespace hotops::attention {
void flash__avx512f(const AttnArgs& a) { flash<Avx512>(a); }
}  // namespace hotops::attention
