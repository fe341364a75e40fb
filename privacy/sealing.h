#pragma once

// Sealing an event's personal fields before it is appended, and opening them when it is
// read. The log only ever holds sealed personal data. A case event is bound to its case; a
// provider event (people named in intelligence) to its provider.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/provider.pb.h"
#include "caseledger/v1/worker_record.pb.h"
#include "privacy/subject_keys.h"

namespace caseledger::privacy {

// The key a case's personal fields are sealed under: its data subject's, in its organisation.
// A case opened before subjects were recorded is its own subject.
std::string CaseKeyId(const v1::CaseState& state, absl::string_view case_id);

// Moves the event's personal fields into event.sealed, encrypted for `subject_id` and bound
// to the case. An event without personal values is left as it is. FAILED_PRECONDITION for
// an erased subject.
absl::Status Seal(SubjectKeys& keys, absl::string_view case_id, absl::string_view subject_id,
                  v1::CaseEvent& event);

// Puts the sealed fields back and clears event.sealed. When the subject was erased they
// read kErased. DATA_LOSS when the sealed data was altered or moved to another case.
absl::Status Unseal(const SubjectKeys& keys, absl::string_view case_id, v1::CaseEvent& event);

// The same for a provider's events, bound to the provider.
absl::Status Seal(SubjectKeys& keys, absl::string_view provider_id, absl::string_view subject_id,
                  v1::ProviderEvent& event);
absl::Status Unseal(const SubjectKeys& keys, absl::string_view provider_id,
                    v1::ProviderEvent& event);

// The same for an event of a worker's record (the worker is its data subject), bound to the
// worker's stream.
absl::Status Seal(SubjectKeys& keys, absl::string_view worker_id, absl::string_view subject_id,
                  v1::WorkerEvent& event);
absl::Status Unseal(const SubjectKeys& keys, absl::string_view worker_id, v1::WorkerEvent& event);

}  // namespace caseledger::privacy
