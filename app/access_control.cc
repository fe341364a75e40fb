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
  access_.RecordRefusal(
      actor, method, target.case_id, reason,
      [refusal = std::move(refusal), done = std::move(done)](absl::Status recorded) {
        if (!recorded.ok()) {
          log::Error("a refusal was not recorded", {{"error", recorded.ToString()}});
        }
        done(refusal);
      });
}

}  // namespace caseledger::app
