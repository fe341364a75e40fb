#pragma once

#include <list>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/programme.pb.h"
#include "caseledger/v1/provider.pb.h"
#include "projections/programme_facts.h"
#include "projections/projection.h"

namespace caseledger::projections {

// The programme view: what the risk-based inspection programme needs of every provider, fed
// by providers' streams (registration, ratings, intelligence), their inspection cases'
// visits, action plans and enforcement, and inspectors' work plans. Keeps each provider's
// ProgrammeEntry, its ProgrammeFacts under its organisation, team and lead inspector, each
// inspector's visits by time, and each inspector's work plans (programme_keys.h).
class ProgrammeProjection final : public Projection {
 public:
  static constexpr char kName[] = "programme";
  static constexpr uint32_t kVersion = 2;

  // `capacity`: providers kept in memory between batches.
  explicit ProgrammeProjection(size_t capacity = 100000) : capacity_(capacity) {}

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  absl::Status Apply(const v1::EventRecord& record, ViewBatch& view) override;
  absl::Status Flush(ViewBatch& view) override;
  void Discard() override;

 private:
  struct Cached {
    v1::ProgrammeEntry entry;
    // What the view's indexes hold for the provider.
    std::optional<ProgrammeFacts> written;
    std::string written_org;
    bool dirty = false;
    std::list<std::string>::iterator recent;
  };

  absl::Status ApplyProviderEvent(const v1::EventRecord& record, ViewBatch& view);
  absl::Status ApplyCaseEvent(const v1::EventRecord& record, ViewBatch& view);
  absl::Status ApplyWorkPlanEvent(const v1::EventRecord& record, ViewBatch& view);
  // The provider's entry, from memory or the view; nullptr when it is not registered.
  absl::StatusOr<Cached*> Load(const std::string& provider_id, const ViewBatch& view);
  // The provider an inspection case concerns; empty when none is known.
  absl::StatusOr<std::string> ProviderOfCase(const std::string& case_id, const ViewBatch& view);
  void MarkDirty(const std::string& provider_id, Cached& cached);
  void WriteFacts(const std::string& provider_id, Cached& cached, ViewBatch& view);

  const size_t capacity_;
  absl::flat_hash_map<std::string, Cached> providers_;
  std::list<std::string> recent_;  // most recently used first
  std::vector<std::string> dirty_;
  // Inspection cases and their providers, as met in this run.
  absl::flat_hash_map<std::string, std::string> case_providers_;
};

}  // namespace caseledger::projections
