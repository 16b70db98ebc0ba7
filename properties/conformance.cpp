// spec-conformance: the implementation refines the executable spec (checker/conformance).
#include "checker/conformance/conformance.h"

#include "properties/catalogue.h"

namespace zab::props {

Finding spec_conformance(const World& before, const Action*, const World& after) {
  return conform::check_step(before, after);
}

}  // namespace zab::props
