// Defining a family's one instance (kernels/families.inc) from its variant list: what every
// family.cpp ends with, so that the list is read the same way everywhere.
#pragma once
#include <string_view>
#include <vector>

#include "core/family.h"

namespace hotops {

// A family's variants in list order: `add` fills a VariantList (HOTOPS_DEFINE_FAMILY's body).
std::vector<Variant> variants_of(std::string_view family, void (*add)(VariantList&));

}  // namespace hotops

// Defines hotops::<name>_family(): the one hotops::<name>::Class, built on first use from its
// variants, which the function body after the macro adds from the family's list:
//   HOTOPS_DEFINE_FAMILY(softmax, SoftmaxFamily) {
//   #define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
//   #include "softmax/variants.inc"
//   #undef HOTOPS_VARIANT
//   }
#define HOTOPS_DEFINE_FAMILY(name, Class)                               \
  namespace hotops {                                                    \
  const Family& name##_family();                                        \
  namespace name {                                                      \
  void add_variants(VariantList& list);                                 \
  }                                                                     \
  }                                                                     \
  const hotops::Family& hotops::name##_family() {                       \
    static const name::Class f(variants_of(#name, name::add_variants)); \
    return f;                                                           \
  }                                                                     \
  void hotops::name::add_variants(VariantList& list)
