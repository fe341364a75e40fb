#pragma once

// NATS subjects of the relayed events: caseledger.<organisation>.events.<EventType>, so a
// broker can keep each organisation's consumers to their own with subject permissions.

#include <string>

#include "absl/strings/string_view.h"

namespace caseledger::relay {

// `org_id` as one subject token: letters, digits, '-', '_' and ':' as they are, every other
// byte (a '.', which separates tokens, or '*', '>', '%', a space) as '%' and two upper-case
// hex digits; "%" for an empty id (an event whose organisation can't be told). Never
// empty, never a wildcard, and distinct ids give distinct tokens.
std::string OrganisationToken(absl::string_view org_id);

// "<prefix>.<OrganisationToken(org_id)>.events.<type>".
std::string EventSubject(absl::string_view prefix, absl::string_view org_id,
                         absl::string_view type);

// The subjects every organisation's events go to, for a stream or a consumer:
// "<prefix>.*.events.>".
std::string EveryOrganisationsSubjects(absl::string_view prefix);

// The subjects `org_id`'s events go to: "<prefix>.<OrganisationToken(org_id)>.events.>".
std::string OrganisationSubjects(absl::string_view prefix, absl::string_view org_id);

// Whether every subject `subject` matches is matched by `pattern` too (both may hold the
// wildcards '*' and '>'): e.g. "caseledger.>" and "caseledger.*.events.>" cover
// "caseledger.*.events.>", "caseledger.events.>" does not.
bool SubjectCovers(absl::string_view pattern, absl::string_view subject);

}  // namespace caseledger::relay
