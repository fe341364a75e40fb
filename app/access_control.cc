#include "app/access_control.h"

#include <utility>

#include "base/log.h"

namespace caseledger::app {

void AccessControl::Authorize(const Actor& actor, absl::string_view method, const Target& target,
                              Done done) const {
  absl::Status decision = Decide(actor, method, target);
  if (decision.ok()) return done(decision);
  Refuse(actor, method, target, std::move(decision), std::move(done));
}

void AccessControl::Refuse(const Actor& actor, absl::string_view method, const Target& target,
                           absl::Status refusal, Done done) const {
  // Only the caller's refusals are theirs to account for; a mistake of caseledger's is not.
  if (!absl::IsPermissionDenied(refusal)) return done(std::move(refusal));
  const std::string reason(refusal.message());
  // Kept under the case only when it is one of the caller's organisation: no organisation is
  // shown another's callers, nor refusals of an id from before it named one of its cases.
  const bool case_is_theirs =
      target.case_state != nullptr && target.case_state->org_id() == actor.org_id;
  access_.RecordRefusal(
      actor, method, target.case_id, case_is_theirs, reason,
      [refusal = std::move(refusal), done = std::move(done)](absl::Status recorded) {
        if (!recorded.ok()) {
          log::Error("a refusal was not recorded", {{"error", recorded.ToString()}});
        }
        done(refusal);
      });
}

}  // namespace caseledger::app
