// Opening, allocating and moving a case through live, dormant, closed and archived.

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/decide_support.h"

namespace caseledger::domain {

using internal::CheckHeader;
using internal::NewEvent;
using internal::RequireOnFile;
using internal::RequireOpen;

std::string CaseStreamId(absl::string_view case_id) { return absl::StrCat("case-", case_id); }

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::OpenCaseRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Enum("kind", r.kind());
  errors.Text("category", r.category(), true, kMaxShortTextBytes);
  errors.Text("summary", r.summary(), false);
  errors.Enum("complexity", r.complexity());
  errors.Id("team_id", r.team_id(), false);
  errors.Id("subject_id", r.subject_id(), false);
  if (r.kind() == v1::ADVICE) {
    errors.Id("client_ref", r.client_ref(), true);
    if (!r.provider_ref().empty()) errors.Add("provider_ref", "is for inspection cases only");
    if (r.compliance() != v1::COMPLIANCE_UNSPECIFIED) {
      errors.Add("compliance", "is for inspection cases only");
    }
  } else if (r.kind() == v1::INSPECTION) {
    errors.Id("provider_ref", r.provider_ref(), true);
    if (!r.client_ref().empty()) errors.Add("client_ref", "is for advice cases only");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  if (state.revision() != 0) {
    return absl::AlreadyExistsError(absl::StrCat("case ", r.header().case_id(), " already exists"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::CaseOpened* opened = event.mutable_case_opened();
  opened->set_case_id(r.header().case_id());
  opened->set_org_id(context.org_id);
  opened->set_kind(r.kind());
  opened->set_category(r.category());
  opened->set_summary(r.summary());
  opened->set_client_ref(r.client_ref());
  opened->set_provider_ref(r.provider_ref());
  opened->set_complexity(r.complexity());
  opened->set_compliance(r.compliance());
  opened->set_team_id(r.team_id());
  opened->set_subject_id(r.subject_id().empty() ? r.header().case_id() : r.subject_id());
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::AssignCaseRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("worker_id", r.worker_id(), true);
  errors.Id("team_id", r.team_id(), false);
  const bool reassignment = !state.worker_id().empty() && state.worker_id() != r.worker_id();
  if (reassignment && absl::StripAsciiWhitespace(r.reason()).empty()) {
    errors.Add("reason", absl::StrCat("is required to move the case from ", state.worker_id()));
  } else {
    errors.Text("reason", r.reason(), false, kMaxShortTextBytes);
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOpen(state, r.header()));
  if (state.worker_id() == r.worker_id()) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", r.header().case_id(), " is already assigned to ", r.worker_id()));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::CaseAssigned* assigned = event.mutable_case_assigned();
  assigned->set_worker_id(r.worker_id());
  assigned->set_team_id(r.team_id().empty() ? state.team_id() : r.team_id());
  assigned->set_previous_worker_id(state.worker_id());
  assigned->set_reason(r.reason());
  return Events{std::move(event)};
}

namespace {

bool LegalMove(v1::CaseStatus from, v1::CaseStatus to) {
  switch (from) {
    case v1::LIVE:
      return to == v1::DORMANT || to == v1::CLOSED;
    case v1::DORMANT:
      return to == v1::LIVE || to == v1::CLOSED;
    case v1::CLOSED:
      return to == v1::LIVE || to == v1::ARCHIVED;
    default:
      return false;
  }
}

}  // namespace

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::ChangeStatusRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Enum("to", r.to());
  errors.Text("outcome", r.outcome(), r.to() == v1::CLOSED);
  errors.Text("reason", r.reason(), state.status() == v1::CLOSED && r.to() == v1::LIVE,
              kMaxShortTextBytes);
  errors.Time("review_by", r.review_by(), false, r.has_review_by());
  v1::CaseEvent event = NewEvent(r.header(), context);
  if (r.has_review_by() && r.to() != v1::DORMANT) {
    errors.Add("review_by", "is for a case going dormant");
  } else if (r.has_review_by() && FromProto(r.review_by()) <= FromProto(event.occurred_at())) {
    errors.Add("review_by", "must be after the case goes dormant");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  if (!LegalMove(state.status(), r.to())) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", r.header().case_id(), " cannot go from ",
                     v1::CaseStatus_Name(state.status()), " to ", v1::CaseStatus_Name(r.to())));
  }
  v1::StatusChanged* changed = event.mutable_status_changed();
  changed->set_from(state.status());
  changed->set_to(r.to());
  changed->set_outcome(r.outcome());
  changed->set_reason(r.reason());
  if (r.has_review_by()) {
    *changed->mutable_review_by() = r.review_by();
  } else if (r.to() == v1::DORMANT) {
    *changed->mutable_review_by() =
        ToProto(FromProto(event.occurred_at()) +
                absl::Hours(24) * internal::PolicyInForce(context).policy().dormant_review_days());
  }
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const EraseCaseSubject& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header, context);
  errors.Text("reason", r.reason, true);
  RETURN_IF_ERROR(errors.ToStatus());
  if (state.revision() == 0) {
    return absl::NotFoundError(absl::StrCat("case ", r.header.case_id(), " does not exist"));
  }
  if (state.subject_erased()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the data subject of case ", r.header.case_id(), " was already erased"));
  }
  v1::CaseEvent event = NewEvent(r.header, context);
  v1::SubjectErased* erased = event.mutable_subject_erased();
  erased->set_subject_id(state.subject_id());
  erased->set_reason(r.reason);
  return Events{std::move(event)};
}

}  // namespace caseledger::domain
