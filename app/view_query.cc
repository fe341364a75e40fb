#include "app/view_query.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"

namespace caseledger::app {

void ReadView(projections::ProjectionEngine& engine, std::string view_name, uint64_t min_position,
              absl::Time deadline, ViewAnswer answer, std::function<void(absl::Status)> done) {
  engine.WhenReached(view_name, min_position, deadline,
                     [&engine, view_name, answer = std::move(answer),
                      done = std::move(done)](absl::Status reached) {
                       if (!reached.ok()) return done(reached);
                       std::shared_ptr<const projections::View> view = engine.Serving(view_name);
                       if (view == nullptr) {
                         return done(absl::UnavailableError(
                             absl::StrCat("the ", view_name, " view is not running")));
                       }
                       done(answer(*view));
                     });
}

void QueryView(const AccessControl& access, projections::ProjectionEngine& engine,
               const Actor& actor, const char* method, Target target, std::string view_name,
               uint64_t min_position, absl::Time deadline, ViewAnswer answer,
               std::function<void(absl::Status)> done) {
  access.Authorize(
      actor, method, target,
      [&engine, view_name = std::move(view_name), min_position, deadline,
       answer = std::move(answer), done = std::move(done)](absl::Status admitted) mutable {
        if (!admitted.ok()) return done(admitted);
        ReadView(engine, std::move(view_name), min_position, deadline, std::move(answer),
                 std::move(done));
      });
}

}  // namespace caseledger::app
