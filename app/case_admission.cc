#include "app/case_admission.h"

#include <utility>

#include "domain/field_errors.h"

namespace caseledger::app {

void AdmitToCase(const AccessControl& access, CaseCommandRunner& runner, const Actor& actor,
                 absl::string_view method, const std::string& case_id,
                 std::function<void(absl::StatusOr<std::shared_ptr<const FoldedCase>>)> done) {
  domain::FieldErrors id;
  id.Id("case_id", case_id, true);
  if (!id.ok()) return done(id.ToStatus());
  absl::StatusOr<std::shared_ptr<const FoldedCase>> loaded = runner.LoadCase(case_id);
  if (!loaded.ok()) return done(loaded.status());
  std::shared_ptr<const FoldedCase> folded = *std::move(loaded);
  const Target target =
      Target::Case(case_id, folded->revision > 0 ? &folded->state.state : nullptr);
  access.Authorize(actor, method, target,
                   [folded = std::move(folded), done = std::move(done)](absl::Status admitted) {
                     if (!admitted.ok()) return done(admitted);
                     done(folded);
                   });
}

}  // namespace caseledger::app
