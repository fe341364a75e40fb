#include "app/provider_reads.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "app/methods.h"
#include "app/provider_records.h"
#include "app/view_query.h"
#include "domain/field_errors.h"
#include "domain/provider.h"
#include "projections/programme_projection.h"
#include "projections/programme_queries.h"

namespace caseledger::app {
namespace {

constexpr uint32_t kDefaultPage = 100;
constexpr uint32_t kMaxPage = 1000;

Target ListTarget(const std::string& inspector_id, const std::string& team_id) {
  Target target;
  target.worker_id = inspector_id;
  target.team_id = team_id;
  return target;
}

}  // namespace

void ProviderReads::AdmitToProvider(const Actor& actor, const char* method,
                                    const std::string& provider_id, Admitted admitted) {
  domain::FieldErrors id;
  id.Id("provider_id", provider_id, true);
  if (!id.ok()) return admitted(id.ToStatus());
  auto loaded = providers_.LoadProvider(provider_id);
  if (!loaded.ok()) return admitted(loaded.status());
  std::shared_ptr<const Folded<v1::ProviderState>> provider = *std::move(loaded);
  access_.Authorize(actor, method, ProviderTarget(provider->state, provider->revision, provider_id),
                    [provider, provider_id, admitted = std::move(admitted)](absl::Status s) {
                      if (!s.ok()) return admitted(s);
                      if (provider->revision == 0) {
                        return admitted(absl::NotFoundError(
                            absl::StrCat("provider ", provider_id, " is not registered")));
                      }
                      admitted(provider);
                    });
}

void ProviderReads::GetProvider(const Actor& actor, const v1::GetProviderRequest& request,
                                absl::Time deadline, v1::ProviderView* response, Done done) {
  AdmitToProvider(
      actor, methods::kGetProvider, request.provider_id(),
      [this, actor, &request, deadline, response, done = std::move(done)](
          absl::StatusOr<std::shared_ptr<const Folded<v1::ProviderState>>> provider) mutable {
        if (!provider.ok()) return done(provider.status());
        *response->mutable_state() = (*provider)->state;
        ReadView(
            engine_, projections::ProgrammeProjection::kName, request.min_position(), deadline,
            [this, actor, &request, response](const projections::View& view) {
              auto policy = runner_.LoadPolicy(actor.org_id);
              if (!policy.ok()) return policy.status();
              auto item = projections::ProgrammeItemOf(view, actor.org_id, request.provider_id(),
                                                       (*policy)->state.policy(), clock_.Now());
              if (!item.ok()) return item.status();
              if (item->has_value()) *response->mutable_programme() = **item;
              return absl::OkStatus();
            },
            [this, actor, &request, done = std::move(done)](absl::Status read) mutable {
              if (!read.ok()) return done(read);
              log_.RecordView(actor, methods::kGetProvider,
                              domain::ProviderStreamId(request.provider_id()), std::move(done));
            });
      });
}

void ProviderReads::GetProviderHistory(const Actor& actor,
                                       const v1::GetProviderHistoryRequest& request,
                                       v1::GetProviderHistoryResponse* response, Done done) {
  AdmitToProvider(
      actor, methods::kGetProviderHistory, request.provider_id(),
      [this, actor, &request, response, done = std::move(done)](
          absl::StatusOr<std::shared_ptr<const Folded<v1::ProviderState>>> provider) mutable {
        if (!provider.ok()) return done(provider.status());
        const uint64_t from = std::max<uint64_t>(request.from_revision(), 1);
        const uint32_t page =
            request.page_size() == 0 ? kDefaultPage : std::min(request.page_size(), kMaxPage);
        const std::string stream = domain::ProviderStreamId(request.provider_id());
        auto records = store_.ReadStream(stream, from, eventstore::Direction::kForward, page + 1);
        if (!records.ok()) return done(records.status());
        for (size_t i = 0; i < records->size() && i < page; ++i) {
          v1::EventRecord& record = (*records)[i];
          auto event = OpenProviderRecord(keys_, record);
          if (!event.ok()) return done(event.status());
          v1::ProviderHistoryEntry* entry = response->add_entries();
          *entry->mutable_event() = *std::move(event);
          record.clear_payload();
          *entry->mutable_record() = std::move(record);
        }
        if (records->size() > page) response->set_next_revision(from + page);
        log_.RecordView(actor, methods::kGetProviderHistory, stream, std::move(done));
      });
}

void ProviderReads::ListProviders(const Actor& actor, const v1::ListProvidersRequest& request,
                                  absl::Time deadline, v1::ListProvidersResponse* response,
                                  Done done) {
  QueryView(
      access_, engine_, actor, methods::kListProviders,
      ListTarget(request.inspector_id(), request.team_id()),
      projections::ProgrammeProjection::kName, request.min_position(), deadline,
      [actor, &request, response](const projections::View& view) {
        auto listed = projections::ListProviders(view, actor.org_id, request);
        if (!listed.ok()) return listed.status();
        *response = *std::move(listed);
        return absl::OkStatus();
      },
      std::move(done));
}

void ProviderReads::ListInspectionProgramme(const Actor& actor,
                                            const v1::ListInspectionProgrammeRequest& request,
                                            absl::Time deadline,
                                            v1::ListInspectionProgrammeResponse* response,
                                            Done done) {
  QueryView(
      access_, engine_, actor, methods::kListInspectionProgramme,
      ListTarget(request.inspector_id(), request.team_id()),
      projections::ProgrammeProjection::kName, request.min_position(), deadline,
      [this, actor, &request, response](const projections::View& view) {
        auto policy = runner_.LoadPolicy(actor.org_id);
        if (!policy.ok()) return policy.status();
        auto listed = projections::ListInspectionProgramme(view, actor.org_id, request,
                                                           (*policy)->state, clock_.Now());
        if (!listed.ok()) return listed.status();
        *response = *std::move(listed);
        return absl::OkStatus();
      },
      std::move(done));
}

}  // namespace caseledger::app
