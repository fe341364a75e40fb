#include "privacy/sealing.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/personal_fields.h"

namespace caseledger::privacy {
namespace {

using domain::kErased;
using domain::PersonalValue;
using domain::PutPersonal;
using domain::TakePersonal;

// Binds the ciphertext to its event's kind, its stream's record and its subject: it can't be
// replayed into another.
template <typename Event>
std::string Context(absl::string_view record_id, absl::string_view subject_id) {
  return absl::StrCat(Event::descriptor()->full_name(), "/", record_id, "/", subject_id);
}

template <typename Event>
absl::Status SealEvent(SubjectKeys& keys, absl::string_view record_id, absl::string_view subject_id,
                       Event& event) {
  std::vector<PersonalValue> taken = TakePersonal(event);
  if (taken.empty()) return absl::OkStatus();
  v1::PersonalValues values;
  v1::SealedPersonalData* sealed = event.mutable_sealed();
  sealed->set_subject_id(std::string(subject_id));
  for (PersonalValue& value : taken) {
    sealed->add_paths(std::move(value.path));
    values.add_values(std::move(value.value));
  }
  absl::StatusOr<std::string> ciphertext =
      keys.Seal(subject_id, values.SerializeAsString(), Context<Event>(record_id, subject_id));
  if (!ciphertext.ok()) return ciphertext.status();
  sealed->set_ciphertext(*std::move(ciphertext));
  return absl::OkStatus();
}

template <typename Event>
absl::Status UnsealEvent(const SubjectKeys& keys, absl::string_view record_id, Event& event) {
  if (!event.has_sealed()) return absl::OkStatus();
  v1::SealedPersonalData sealed = std::move(*event.mutable_sealed());
  event.clear_sealed();
  absl::StatusOr<std::string> plaintext = keys.Unseal(
      sealed.subject_id(), sealed.ciphertext(), Context<Event>(record_id, sealed.subject_id()));
  std::vector<PersonalValue> restored;
  restored.reserve(sealed.paths_size());
  if (absl::IsNotFound(plaintext.status())) {
    for (const std::string& path : sealed.paths()) restored.push_back({path, kErased});
    return PutPersonal(event, restored);
  }
  if (!plaintext.ok()) return plaintext.status();
  v1::PersonalValues values;
  if (!values.ParseFromString(*plaintext) || values.values_size() != sealed.paths_size()) {
    return absl::DataLossError("sealed personal data does not match its paths");
  }
  for (int i = 0; i < sealed.paths_size(); ++i) {
    restored.push_back({sealed.paths(i), std::move(*values.mutable_values(i))});
  }
  return PutPersonal(event, restored);
}

}  // namespace

std::string CaseKeyId(const v1::CaseState& state, absl::string_view case_id) {
  return KeyId(state.org_id(), state.subject_id().empty() ? case_id : state.subject_id());
}

absl::Status Seal(SubjectKeys& keys, absl::string_view case_id, absl::string_view subject_id,
                  v1::CaseEvent& event) {
  return SealEvent(keys, case_id, subject_id, event);
}

absl::Status Unseal(const SubjectKeys& keys, absl::string_view case_id, v1::CaseEvent& event) {
  return UnsealEvent(keys, case_id, event);
}

absl::Status Seal(SubjectKeys& keys, absl::string_view provider_id, absl::string_view subject_id,
                  v1::ProviderEvent& event) {
  return SealEvent(keys, provider_id, subject_id, event);
}

absl::Status Unseal(const SubjectKeys& keys, absl::string_view provider_id,
                    v1::ProviderEvent& event) {
  return UnsealEvent(keys, provider_id, event);
}

absl::Status Seal(SubjectKeys& keys, absl::string_view worker_id, absl::string_view subject_id,
                  v1::WorkerEvent& event) {
  return SealEvent(keys, worker_id, subject_id, event);
}

absl::Status Unseal(const SubjectKeys& keys, absl::string_view worker_id, v1::WorkerEvent& event) {
  return UnsealEvent(keys, worker_id, event);
}

}  // namespace caseledger::privacy
