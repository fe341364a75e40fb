#include "projections/case_folds.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "caseledger/v1/case_events.pb.h"
#include "domain/case.h"

namespace caseledger::projections {
namespace {

constexpr absl::string_view kCasePrefix = "case-";
constexpr char kCheckpoint[] = "consumer/cases";

}  // namespace

absl::StatusOr<std::unique_ptr<CaseFolds>> CaseFolds::Open(eventstore::ViewStore& views,
                                                           eventstore::Checkpoints& checkpoints) {
  absl::StatusOr<std::shared_ptr<const eventstore::Table>> table = views.OpenView(kView);
  if (!table.ok()) return table.status();
  return std::unique_ptr<CaseFolds>(new CaseFolds(views, checkpoints, *std::move(table)));
}

absl::StatusOr<bool> CaseFolds::Apply(const v1::EventRecord& record) {
  if (!absl::StartsWith(record.stream_id(), kCasePrefix)) return false;
  const std::string case_id = record.stream_id().substr(kCasePrefix.size());
  v1::CaseState state;
  absl::StatusOr<std::optional<std::string>> stored = table_->Get(case_id);
  if (!stored.ok()) return stored.status();
  if (stored->has_value() && !state.ParseFromString(**stored)) {
    return absl::DataLossError(absl::StrCat("the fold of case ", case_id, " is corrupt"));
  }
  if (record.stream_revision() <= state.revision()) return false;  // a redelivery
  if (record.stream_revision() != state.revision() + 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", case_id, " is folded to revision ", state.revision(),
                     " but the next event ", "to arrive (position ", record.position(),
                     ") is revision ", record.stream_revision(), ": events were missed"));
  }
  v1::CaseEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(absl::StrCat("the event at position ", record.position(),
                                            " of case ", case_id, " is corrupt"));
  }
  domain::Evolve(state, std::move(event));
  eventstore::TableChanges changes;
  changes.Put(case_id, state.SerializeAsString());
  if (absl::Status s = views_.Commit(kView, changes, kCheckpoint, record.position()); !s.ok()) {
    return s;
  }
  return true;
}

absl::StatusOr<uint64_t> CaseFolds::Position() const {
  absl::StatusOr<std::optional<uint64_t>> position = checkpoints_.Read(kCheckpoint);
  if (!position.ok()) return position.status();
  return position->value_or(0);
}

absl::StatusOr<std::vector<v1::CaseState>> CaseFolds::All() const {
  std::vector<v1::CaseState> cases;
  absl::Status parsed;
  absl::Status scanned =
      table_->Scan("", std::string(1, '\xff'), [&](absl::string_view key, absl::string_view value) {
        if (!cases.emplace_back().ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parsed = absl::DataLossError(absl::StrCat("the fold of case ", key, " is corrupt"));
          return false;
        }
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!parsed.ok()) return parsed;
  return cases;
}

}  // namespace caseledger::projections
