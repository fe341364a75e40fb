#include "domain/decide_support.h"

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "domain/policy.h"

namespace caseledger::domain::internal {

FieldErrors CheckHeader(const v1::CommandHeader& header, const CommandContext& context) {
  FieldErrors errors;
  errors.Id("header.command_id", header.command_id(), true);
  errors.Id("header.case_id", header.case_id(), true);
  errors.Id("header.correlation_id", header.correlation_id(), false);
  errors.Time("header.occurred_at", header.occurred_at(), false, header.has_occurred_at());
  if (header.has_occurred_at() &&
      FromProto(header.occurred_at()) > context.now + absl::Minutes(1)) {
    errors.Add("header.occurred_at", "is in the future");
  }
  return errors;
}

v1::CaseEvent NewEvent(const v1::CommandHeader& header, const CommandContext& context) {
  v1::CaseEvent event;
  *event.mutable_occurred_at() =
      header.has_occurred_at() ? header.occurred_at() : ToProto(context.now);
  event.set_actor(context.actor);
  event.set_actor_role(context.actor_role);
  return event;
}

const v1::PolicyVersion& PolicyInForce(const CommandContext& context) {
  static const v1::PolicyVersion* const fallback =
      new v1::PolicyVersion(DefaultPolicyVersion("default"));
  return context.policy != nullptr ? *context.policy : *fallback;
}

std::string IdOrNew(const std::string& given, const CommandContext& context) {
  return given.empty() ? context.new_id : given;
}

absl::Status RequireOnFile(const v1::CaseState& state, const v1::CommandHeader& header) {
  if (state.revision() == 0) {
    return absl::NotFoundError(absl::StrCat("case ", header.case_id(), " does not exist"));
  }
  if (state.subject_erased()) {
    return absl::FailedPreconditionError(absl::StrCat("the data subject of case ", header.case_id(),
                                                      " was erased: nothing more can be recorded"));
  }
  if (state.status() == v1::ARCHIVED) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", header.case_id(), " is archived: nothing more can be recorded"));
  }
  return absl::OkStatus();
}

absl::Status RequireOpen(const v1::CaseState& state, const v1::CommandHeader& header) {
  if (absl::Status s = RequireOnFile(state, header); !s.ok()) return s;
  if (state.status() == v1::CLOSED) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", header.case_id(), " is closed; reopen it first"));
  }
  return absl::OkStatus();
}

}  // namespace caseledger::domain::internal
