#include "app/view_read.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"

namespace caseledger::app {

void ReadView(projections::ProjectionEngine& engine, const std::string& name, uint64_t min_position,
              absl::Time deadline, std::function<absl::Status(const projections::View&)> answer,
              std::function<void(absl::Status)> done) {
  engine.WhenReached(
      name, min_position, deadline,
      [&engine, name, answer = std::move(answer), done = std::move(done)](absl::Status reached) {
        if (!reached.ok()) return done(reached);
        std::shared_ptr<const projections::View> view = engine.Serving(name);
        if (view == nullptr) {
          return done(absl::UnavailableError(absl::StrCat("the ", name, " view is not running")));
        }
        done(answer(*view));
      });
}

}  // namespace caseledger::app
