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

// Binds the ciphertext to its case and subject: it can't be replayed into another.
std::string Context(absl::string_view case_id, absl::string_view subject_id) {
  return absl::StrCat("caseledger.v1.CaseEvent/", case_id, "/", subject_id);
}

}  // namespace

absl::Status Seal(SubjectKeys& keys, absl::string_view case_id, absl::string_view subject_id,
                  v1::CaseEvent& event) {
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
      keys.Seal(subject_id, values.SerializeAsString(), Context(case_id, subject_id));
  if (!ciphertext.ok()) return ciphertext.status();
  sealed->set_ciphertext(*std::move(ciphertext));
  return absl::OkStatus();
}

absl::Status Unseal(const SubjectKeys& keys, absl::string_view case_id, v1::CaseEvent& event) {
  if (!event.has_sealed()) return absl::OkStatus();
  v1::SealedPersonalData sealed = std::move(*event.mutable_sealed());
  event.clear_sealed();
  absl::StatusOr<std::string> plaintext =
      keys.Unseal(sealed.subject_id(), sealed.ciphertext(), Context(case_id, sealed.subject_id()));
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

}  // namespace caseledger::privacy
