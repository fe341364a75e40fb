#include "domain/decide_support.h"

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "domain/policy.h"

namespace caseledger::domain::internal {

namespace {

void CheckCorrelationAndTime(absl::string_view correlation_id,
                             const google::protobuf::Timestamp& occurred_at, bool has_occurred_at,
                             const CommandContext& context, FieldErrors& errors) {
  errors.Id("header.correlation_id", correlation_id, false);
  errors.Time("header.occurred_at", occurred_at, false, has_occurred_at);
  if (has_occurred_at && FromProto(occurred_at) > context.now + absl::Minutes(1)) {
    errors.Add("header.occurred_at", "is in the future");
  }
}

}  // namespace

void CheckCommonHeader(absl::string_view command_id, absl::string_view correlation_id,
                       const google::protobuf::Timestamp& occurred_at, bool has_occurred_at,
                       const CommandContext& context, FieldErrors& errors) {
  errors.Id("header.command_id", command_id, true);
  CheckCorrelationAndTime(correlation_id, occurred_at, has_occurred_at, context, errors);
}

FieldErrors CheckHeader(const v1::CommandHeader& header, const CommandContext& context) {
  FieldErrors errors;
  errors.Id("header.command_id", header.command_id(), true);
  errors.Id("header.case_id", header.case_id(), true);
  CheckCorrelationAndTime(header.correlation_id(), header.occurred_at(), header.has_occurred_at(),
                          context, errors);
  return errors;
}

namespace {

bool CheckCount(absl::string_view field, int count, FieldErrors& errors) {
  if (count <= kMaxListItems) return true;
  errors.Add(std::string(field), absl::StrCat("holds ", count, " items; at most ", kMaxListItems));
  return false;
}

}  // namespace

void CheckTexts(absl::string_view field,
                const google::protobuf::RepeatedPtrField<std::string>& items, FieldErrors& errors) {
  if (!CheckCount(field, items.size(), errors)) return;
  for (int i = 0; i < items.size(); ++i) {
    errors.Text(absl::StrCat(field, "[", i, "]"), items[i], true, kMaxShortTextBytes);
  }
}

void CheckIds(absl::string_view field, const google::protobuf::RepeatedPtrField<std::string>& items,
              FieldErrors& errors) {
  if (!CheckCount(field, items.size(), errors)) return;
  for (int i = 0; i < items.size(); ++i) {
    errors.Id(absl::StrCat(field, "[", i, "]"), items[i], true);
  }
}

v1::CaseEvent NewEvent(const v1::CommandHeader& header, const CommandContext& context) {
  return NewEventOf<v1::CaseEvent>(header, context);
}

void CheckPastTime(absl::string_view field, const google::protobuf::Timestamp& t, bool is_set,
                   bool required, const CommandContext& context, FieldErrors& errors) {
  errors.Time(field, t, required, is_set);
  if (is_set && FromProto(t) > context.now + absl::Minutes(1)) {
    errors.Add(std::string(field), "is in the future");
  }
}

void CheckLaterTime(absl::string_view field, const google::protobuf::Timestamp& t, bool is_set,
                    absl::Time after, FieldErrors& errors) {
  errors.Time(field, t, true, is_set);
  if (is_set && FromProto(t) <= after) {
    errors.Add(std::string(field),
               absl::StrCat("must be after ",
                            absl::FormatTime(absl::RFC3339_sec, after, absl::UTCTimeZone())));
  }
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
