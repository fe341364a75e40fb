#include "projections/view.h"

namespace caseledger::projections {

View::~View() {
  table_.reset();  // let go of the table before it is dropped
  if (retire_) retire_();
}

}  // namespace caseledger::projections
