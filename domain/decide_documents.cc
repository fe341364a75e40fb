// An inspection's documents: drafted, sent to the provider to check their factual accuracy,
// the provider's comments, published; a published report rates the provider.

#include <map>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/inspection_policy.h"
#include "domain/inspection_support.h"

namespace caseledger::domain {

using internal::CheckHeader;
using internal::NewEvent;
using internal::RequireInspection;
using internal::StepDeadlineId;

namespace {

const v1::InspectionDocument* FindDocument(const v1::CaseState& state, const std::string& id) {
  return internal::FindRecord(
      state.documents(), [](const v1::InspectionDocument& d) { return d.document_id(); }, id);
}

absl::StatusOr<const v1::InspectionDocument*> RequireDocument(const v1::CaseState& state,
                                                              const v1::CommandHeader& header,
                                                              const std::string& document_id) {
  RETURN_IF_ERROR(RequireInspection(state, header));
  const v1::InspectionDocument* document = FindDocument(state, document_id);
  if (document == nullptr) {
    return absl::NotFoundError(absl::StrCat("document ", document_id, " does not exist"));
  }
  return document;
}

absl::Status WrongStage(const v1::InspectionDocument& document, absl::string_view needs) {
  return absl::FailedPreconditionError(
      absl::StrCat("document ", document.document_id(), " is at stage ",
                   v1::DocumentStage_Name(document.stage()), ": ", needs));
}

const v1::DocumentTimeFrames& TimeFrames(const CommandContext& context) {
  return DocumentTimeFramesOf(internal::PolicyInForce(context).policy());
}

// The rating the case's findings give, the latest finding on each standard deciding it.
v1::ProviderRating RatingOfFindings(const v1::CaseState& state) {
  std::map<std::string, const v1::FindingDetails*> latest;
  for (const v1::InspectionFinding& f : state.findings())
    latest[f.finding().standard()] = &f.finding();
  v1::ProviderRating rating;
  for (const auto& [standard, finding] : latest) {
    if (finding->met()) continue;
    v1::Breach* breach = rating.add_breaches();
    breach->set_standard(standard);
    breach->set_description(finding->narrative());
  }
  rating.set_compliance(rating.breaches().empty() ? v1::COMPLIANT : v1::NON_COMPLIANT);
  for (const v1::InspectionVisit& visit : state.visits()) {
    if (visit.has_recorded() &&
        (!rating.has_inspected_at() ||
         FromProto(visit.record().visited_at()) > FromProto(rating.inspected_at()))) {
      *rating.mutable_inspected_at() = visit.record().visited_at();
    }
  }
  return rating;
}

}  // namespace

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::DraftDocumentRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("document_id", r.document_id(), false);
  errors.Enum("kind", r.kind());
  errors.Text("title", r.title(), true, kMaxShortTextBytes);
  errors.Text("summary", r.summary(), false);
  CheckJudgement(internal::PolicyInForce(context).policy(), "judgement", r.judgement(),
                 r.kind() == v1::REPORT, errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireInspection(state, r.header()));
  const std::string id = internal::IdOrNew(r.document_id(), context);
  RETURN_IF_ERROR(internal::RequireNew(
      state.documents(), [](const v1::InspectionDocument& d) { return d.document_id(); }, id,
      "document"));
  if (r.kind() == v1::REPORT && state.findings().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "case ", r.header().case_id(), " has no findings: record them before drafting the report"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::DocumentDrafted* drafted = event.mutable_document_drafted();
  drafted->set_document_id(id);
  drafted->set_kind(r.kind());
  drafted->set_title(r.title());
  drafted->set_summary(r.summary());
  drafted->set_judgement(r.judgement());
  Events events{std::move(event)};
  if (r.kind() == v1::REPORT) {
    for (const v1::InspectionVisit& visit : state.visits()) {
      internal::CompleteStepDeadlines(state, r.header(), context,
                                      {StepDeadlineId(visit.visit_id(), "report")},
                                      absl::StrCat("report ", id, " drafted"), events);
    }
  }
  events.push_back(internal::SetStepDeadline(
      r.header(), context, StepDeadlineId(id, "send"), v1::INSPECTION_REPORT,
      internal::WorkingDaysAfter(context, FromProto(events.front().occurred_at()),
                                 TimeFrames(context).send_within_working_days()),
      absl::StrCat("Send ", r.title(), " to the provider to check its factual accuracy")));
  return events;
}

absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::SendForFactualAccuracyRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("document_id", r.document_id(), true);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(const v1::InspectionDocument* document,
                   RequireDocument(state, r.header(), r.document_id()));
  if (document->stage() != v1::DRAFT) {
    return WrongStage(*document, "only a draft is sent to check its factual accuracy");
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  const absl::Time due = internal::WorkingDaysAfter(
      context, FromProto(event.occurred_at()), TimeFrames(context).comments_within_working_days());
  event.mutable_document_sent_for_factual_accuracy()->set_document_id(r.document_id());
  *event.mutable_document_sent_for_factual_accuracy()->mutable_comments_due_by() = ToProto(due);
  Events events{std::move(event)};
  internal::CompleteStepDeadlines(state, r.header(), context,
                                  {StepDeadlineId(r.document_id(), "send")}, "sent to the provider",
                                  events);
  events.push_back(internal::SetStepDeadline(
      r.header(), context, StepDeadlineId(r.document_id(), "comments"), v1::INSPECTION_REPORT, due,
      absl::StrCat("The provider's comments on the factual accuracy of ", document->title(),
                   " are due")));
  return events;
}

absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::RecordProviderCommentsRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("document_id", r.document_id(), true);
  errors.Text("comments", r.comments(), true);
  errors.Text("changes_made", r.changes_made(), false);
  const v1::InspectionDocument* known = FindDocument(state, r.document_id());
  if (!r.revised_judgement().empty() && known != nullptr && known->kind() != v1::REPORT) {
    errors.Add("revised_judgement", "is for a report");
  } else {
    CheckJudgement(internal::PolicyInForce(context).policy(), "revised_judgement",
                   r.revised_judgement(), false, errors);
  }
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(const v1::InspectionDocument* document,
                   RequireDocument(state, r.header(), r.document_id()));
  if (document->stage() != v1::FACTUAL_ACCURACY_CHECK) {
    return WrongStage(*document,
                      "comments come back once it is sent to check its factual accuracy");
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::ProviderCommentsRecorded* comments = event.mutable_provider_comments_recorded();
  comments->set_document_id(r.document_id());
  comments->set_comments(r.comments());
  comments->set_changes_made(r.changes_made());
  comments->set_revised_judgement(r.revised_judgement());
  const absl::Time received = FromProto(event.occurred_at());
  Events events{std::move(event)};
  internal::CompleteStepDeadlines(state, r.header(), context,
                                  {StepDeadlineId(r.document_id(), "comments")},
                                  "the provider's comments received", events);
  events.push_back(internal::SetStepDeadline(
      r.header(), context, StepDeadlineId(r.document_id(), "publish"), v1::INSPECTION_REPORT,
      internal::WorkingDaysAfter(context, received,
                                 TimeFrames(context).publish_within_working_days()),
      absl::StrCat("Publish ", document->title())));
  return events;
}

absl::StatusOr<LinkedEvents> Decide(const v1::CaseState& state, const v1::ProviderState& provider,
                                    const v1::PublishDocumentRequest& r,
                                    const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("document_id", r.document_id(), true);
  const v1::InspectionDocument* known = FindDocument(state, r.document_id());
  errors.Text("rationale", r.rationale(), known != nullptr && known->kind() == v1::REPORT);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(const v1::InspectionDocument* document,
                   RequireDocument(state, r.header(), r.document_id()));
  const absl::Time now = context.now;
  switch (document->stage()) {
    case v1::DRAFT:
      return WrongStage(*document,
                        "it is published only once the provider has had it to check its factual "
                        "accuracy (SendForFactualAccuracy)");
    case v1::FACTUAL_ACCURACY_CHECK:
      if (now < FromProto(document->comments_due_by())) {
        return WrongStage(
            *document,
            absl::StrCat("the provider's time to comment runs until ",
                         absl::FormatTime(absl::RFC3339_sec, FromProto(document->comments_due_by()),
                                          absl::UTCTimeZone()),
                         "; record their comments, or publish after it"));
      }
      break;
    case v1::PUBLISHED:
      return WrongStage(*document, "it was already published");
    default:
      break;
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::DocumentPublished* published = event.mutable_document_published();
  published->set_document_id(r.document_id());
  published->set_kind(document->kind());
  published->set_rationale(r.rationale());
  LinkedEvents linked;
  if (document->kind() == v1::REPORT) {
    if (!RequireRegistered(provider, state.provider_ref(), context).ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("provider ", state.provider_ref(),
                       " is not registered: register it to publish the report that rates it"));
    }
    v1::ProviderRating rating = RatingOfFindings(state);
    rating.set_judgement(document->judgement());
    rating.set_basis(v1::PUBLISHED_INSPECTION);
    rating.set_case_id(state.case_id());
    rating.set_document_id(r.document_id());
    rating.set_rationale(r.rationale());
    v1::ProviderEvent rated = RatedEvent(provider, std::move(rating), event.occurred_at(), context);
    *published->mutable_rating() = rated.provider_rated().rating();
    linked.provider_events.push_back(std::move(rated));
  }
  linked.case_events.push_back(std::move(event));
  internal::CompleteStepDeadlines(
      state, r.header(), context,
      {StepDeadlineId(r.document_id(), "comments"), StepDeadlineId(r.document_id(), "publish")},
      "published", linked.case_events);
  return linked;
}

}  // namespace caseledger::domain
