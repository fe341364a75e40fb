#include "privacy/sealing.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/personal_fields.h"

namespace caseledger::privacy {
namespace {

using domain::kErased;
using domain::PersonalValue;
using domain::PutPersonal;
using domain::TakePersonal;

// Binds the ciphertext to its stream and subject: it can't be replayed into another.
std::string Context(absl::string_view kind, absl::string_view stream,
                    absl::string_view subject_id) {
  return absl::StrCat("caseledger.v1.", kind, "/", stream, "/", subject_id);
}

// Moves `event`'s personal fields into `sealed`, encrypted for `subject_id` under `context`.
absl::Status SealInto(SubjectKeys& keys, absl::string_view subject_id, std::string context,
                      google::protobuf::Message& event, v1::SealedPersonalData& sealed) {
  std::vector<PersonalValue> taken = TakePersonal(event);
  if (taken.empty()) return absl::OkStatus();
  v1::PersonalValues values;
  sealed.set_subject_id(std::string(subject_id));
  for (PersonalValue& value : taken) {
    sealed.add_paths(std::move(value.path));
    values.add_values(std::move(value.value));
  }
  absl::StatusOr<std::string> ciphertext =
      keys.Seal(subject_id, values.SerializeAsString(), context);
  if (!ciphertext.ok()) return ciphertext.status();
  sealed.set_ciphertext(*std::move(ciphertext));
  return absl::OkStatus();
}

// Puts `sealed`'s fields back into `event`, opened with `context` of the sealed subject.
absl::Status UnsealFrom(const SubjectKeys& keys, const v1::SealedPersonalData& sealed,
                        const std::string& context, google::protobuf::Message& event) {
  absl::StatusOr<std::string> plaintext =
      keys.Unseal(sealed.subject_id(), sealed.ciphertext(), context);
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

// Seals or opens an event of either kind: `kind` names it in the binding context.
template <typename Event>
absl::Status SealEvent(SubjectKeys& keys, absl::string_view kind, absl::string_view stream,
                       absl::string_view subject_id, Event& event) {
  v1::SealedPersonalData sealed;
  RETURN_IF_ERROR(SealInto(keys, subject_id, Context(kind, stream, subject_id), event, sealed));
  if (!sealed.ciphertext().empty()) *event.mutable_sealed() = std::move(sealed);
  return absl::OkStatus();
}

template <typename Event>
absl::Status UnsealEvent(const SubjectKeys& keys, absl::string_view kind, absl::string_view stream,
                         Event& event) {
  if (!event.has_sealed()) return absl::OkStatus();
  v1::SealedPersonalData sealed = std::move(*event.mutable_sealed());
  event.clear_sealed();
  return UnsealFrom(keys, sealed, Context(kind, stream, sealed.subject_id()), event);
}

}  // namespace

absl::Status Seal(SubjectKeys& keys, absl::string_view case_id, absl::string_view subject_id,
                  v1::CaseEvent& event) {
  return SealEvent(keys, "CaseEvent", case_id, subject_id, event);
}

absl::Status Unseal(const SubjectKeys& keys, absl::string_view case_id, v1::CaseEvent& event) {
  return UnsealEvent(keys, "CaseEvent", case_id, event);
}

absl::Status Seal(SubjectKeys& keys, absl::string_view worker_id, absl::string_view subject_id,
                  v1::WorkerEvent& event) {
  return SealEvent(keys, "WorkerEvent", worker_id, subject_id, event);
}

absl::Status Unseal(const SubjectKeys& keys, absl::string_view worker_id, v1::WorkerEvent& event) {
  return UnsealEvent(keys, "WorkerEvent", worker_id, event);
}

}  // namespace caseledger::privacy
