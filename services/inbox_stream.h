#pragma once

#include <optional>
#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "app/supervision_reads.h"
#include "caseledger/v1/supervision.pb.h"
#include "grpcpp/support/server_callback.h"
#include "projections/projection_engine.h"

namespace caseledger::services {

// Streams one inbox: every item at first, then, each time the caseload view moves on (or every
// couple of seconds while it stands still), the items that arrived and those acknowledged
// since. Reads run on the view's thread as it reaches each position, so no thread waits; one
// write is in flight at a time. Deletes itself once gRPC is done with it and no step of its own
// is under way.
class InboxStream final : public grpc::ServerWriteReactor<v1::InboxUpdate> {
 public:
  // Made as the call arrives; the caller is admitted (or not) later, on any thread.
  explicit InboxStream(projections::ProjectionEngine& engine) : engine_(engine) {}

  // The caller was admitted: sends the inbox as `reader` reads it, then follows it.
  void Begin(app::SupervisionReads::InboxReader reader);
  // The caller was refused: ends the stream with `status`.
  void Refuse(const absl::Status& status);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // One step, counted in pending_: read the inbox and send what changed, or wait for the view.
  void Step(absl::Status reached);
  // Reads the inbox and starts writing what changed; false when nothing did.
  bool Refresh();
  // Waits for the view to move on, then steps again; pending_ already counts it.
  void WaitForView();
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  app::SupervisionReads::InboxReader reader_;
  projections::ProjectionEngine& engine_;
  absl::Mutex mu_;
  std::set<std::string> sent_ ABSL_GUARDED_BY(mu_);
  v1::InboxUpdate writing_update_ ABSL_GUARDED_BY(mu_);
  bool first_ ABSL_GUARDED_BY(mu_) = true;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  // Steps under way or waiting for the view; the admission counts from the outset.
  int pending_ ABSL_GUARDED_BY(mu_) = 1;
  std::optional<grpc::Status> ending_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::services
