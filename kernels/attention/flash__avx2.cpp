#include "attention/vec_avx2.h"
#include "attention/flash.h"

namespace hotops::attention {
void flash__avx2(const AttnArgs& a) { flash<Avx2>(a); }
}  // namespace hotops::attention
