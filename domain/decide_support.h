#pragma once

// Checks shared by the case's Decide functions.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "domain/case.h"
#include "domain/field_errors.h"

namespace caseledger::domain::internal {

// Field checks of any command's header (a case's, a provider's, a work plan's): command_id,
// correlation_id, and an occurred_at not later than the context's now.
void CheckCommonHeader(absl::string_view command_id, absl::string_view correlation_id,
                       const google::protobuf::Timestamp& occurred_at, bool has_occurred_at,
                       const CommandContext& context, FieldErrors& errors);
template <typename Header>
FieldErrors CheckCommonHeader(const Header& header, const CommandContext& context) {
  FieldErrors errors;
  CheckCommonHeader(header.command_id(), header.correlation_id(), header.occurred_at(),
                    header.has_occurred_at(), context, errors);
  return errors;
}

// When a command's fact happened: its occurred_at, or the context's now.
template <typename Header>
google::protobuf::Timestamp OccurredAt(const Header& header, const CommandContext& context) {
  return header.has_occurred_at() ? header.occurred_at() : ToProto(context.now);
}

// A new event of any stream's kind, stamped with the actor and the command's occurred_at.
template <typename Event, typename Header>
Event NewEventOf(const Header& header, const CommandContext& context) {
  Event event;
  *event.mutable_occurred_at() = OccurredAt(header, context);
  event.set_actor(context.actor);
  event.set_actor_role(context.actor_role);
  return event;
}

// Field checks of any command header: command_id, the id of the stream's subject (named
// `subject_field`, e.g. "header.case_id"), correlation_id, and an occurred_at not later than
// `now` (a minute of clock skew allowed).
template <typename Header>
FieldErrors CheckHeaderOf(const Header& header, absl::string_view subject_field,
                          absl::string_view subject_id, absl::Time now) {
  FieldErrors errors;
  errors.Id("header.command_id", header.command_id(), true);
  errors.Id(subject_field, subject_id, true);
  errors.Id("header.correlation_id", header.correlation_id(), false);
  errors.Time("header.occurred_at", header.occurred_at(), false, header.has_occurred_at());
  if (header.has_occurred_at() && FromProto(header.occurred_at()) > now + absl::Minutes(1)) {
    errors.Add("header.occurred_at", "is in the future");
  }
  return errors;
}

// A new event of any stream, stamped with the actor and the header's occurred_at (or `now`).
template <typename Event, typename Header, typename Context>
Event NewEventOf(const Header& header, const Context& context) {
  Event event;
  *event.mutable_occurred_at() =
      header.has_occurred_at() ? header.occurred_at() : ToProto(context.now);
  event.set_actor(context.actor);
  event.set_actor_role(context.actor_role);
  return event;
}

// Field checks of the command header: command_id and case_id, and an occurred_at not later
// than the context's now.
FieldErrors CheckHeader(const v1::CommandHeader& header, const CommandContext& context);

// Within what one event may hold: items of a list a command gives.
inline constexpr int kMaxListItems = 100;

// Checks a list of short texts: each required, at most kMaxListItems of them, named
// "<field>[i]".
void CheckTexts(absl::string_view field,
                const google::protobuf::RepeatedPtrField<std::string>& items, FieldErrors& errors);
// The same for a list of ids (cases, reviews).
void CheckIds(absl::string_view field, const google::protobuf::RepeatedPtrField<std::string>& items,
              FieldErrors& errors);

// A new event stamped with the actor and the command's occurred_at (or now).
v1::CaseEvent NewEvent(const v1::CommandHeader& header, const CommandContext& context);

// The command's record id, or the context's new id when the request left it empty.
std::string IdOrNew(const std::string& given, const CommandContext& context);

// The policy in the context, or the built-in default when it has none.
const v1::PolicyVersion& PolicyInForce(const CommandContext& context);

// A time given for a fact, checked: set when required, valid, not later than now.
void CheckPastTime(absl::string_view field, const google::protobuf::Timestamp& t, bool is_set,
                   bool required, const CommandContext& context, FieldErrors& errors);
// A time given for what is still to come, checked: set, valid, and after `after`.
void CheckLaterTime(absl::string_view field, const google::protobuf::Timestamp& t, bool is_set,
                    absl::Time after, FieldErrors& errors);

// The record in `records` whose id (by `get`) is `id`, or nullptr.
template <typename Records, typename GetId>
auto FindRecord(const Records& records, GetId get, const std::string& id)
    -> decltype(&*records.begin()) {
  for (const auto& record : records) {
    if (get(record) == id) return &record;
  }
  return nullptr;
}

// ALREADY_EXISTS ("<what> <id> already exists") when `records` has one with id `id`.
template <typename Records, typename GetId>
absl::Status RequireNew(const Records& records, GetId get, const std::string& id,
                        absl::string_view what) {
  if (FindRecord(records, get, id) == nullptr) return absl::OkStatus();
  return absl::AlreadyExistsError(absl::StrCat(what, " ", id, " already exists"));
}

// NOT_FOUND when the case was never opened; FAILED_PRECONDITION when it is archived.
absl::Status RequireOnFile(const v1::CaseState& state, const v1::CommandHeader& header);
// As RequireOnFile, and FAILED_PRECONDITION unless the case is live or dormant.
absl::Status RequireOpen(const v1::CaseState& state, const v1::CommandHeader& header);

}  // namespace caseledger::domain::internal
