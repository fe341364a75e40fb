#pragma once

#include <functional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "app/access_log.h"
#include "app/authorizer.h"

namespace caseledger::app {

// The gate every call passes, whatever its transport: the authorizer's decision, and each
// refusal recorded in the access log before it is answered. Never waits: the answer comes
// through a callback. Thread-safe.
class AccessControl {
 public:
  using Done = std::function<void(absl::Status)>;

  AccessControl(const Authorizer& authorizer, AccessLog& access)
      : authorizer_(authorizer), access_(access) {}

  // The decision alone, recorded nowhere: OK, PERMISSION_DENIED, or INTERNAL for a method the
  // role table does not name.
  absl::Status Decide(const Actor& actor, absl::string_view method, const Target& target) const {
    return authorizer_.Authorize(actor, method, target);
  }

  // Calls `done` with OK when `actor` may call `method` on `target` (at once, on this thread);
  // otherwise records the refusal, then calls `done` with it.
  void Authorize(const Actor& actor, absl::string_view method, const Target& target,
                 Done done) const;

  // Records `refusal` (a decision of Decide that was not OK), then calls `done` with it. A
  // refusal that could not be recorded is still answered, with the same status.
  void Refuse(const Actor& actor, absl::string_view method, const Target& target,
              absl::Status refusal, Done done) const;

 private:
  const Authorizer& authorizer_;
  AccessLog& access_;
};

}  // namespace caseledger::app
