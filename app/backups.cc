#include "app/backups.h"

#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "app/methods.h"
#include "base/log.h"
#include "domain/field_errors.h"

namespace caseledger::app {

void BackupWorkflow::Backup(const Actor& actor, const v1::BackupRequest& request,
                            v1::BackupResponse* response, Done done) {
  domain::FieldErrors errors;
  if (request.to().empty()) {
    errors.Add("to", "is required: the folder on the server's machine to copy the store into");
  } else if (request.to()[0] != '/') {
    errors.Add("to", "must be an absolute path on the server's machine");
  } else if (request.to().find('\0') != std::string::npos || request.to().size() > 4096) {
    errors.Add("to", "is not a path");
  }
  if (absl::Status s = errors.ToStatus(); !s.ok()) return done(s);
  access_.Authorize(
      actor, methods::kBackup, Target(),
      [this, actor, to = request.to(), response, done = std::move(done)](absl::Status admitted) {
        if (!admitted.ok()) return done(admitted);
        if (backups_ == nullptr) {
          return done(absl::FailedPreconditionError(
              "this server keeps its store in memory: there is nothing on disk to back up"));
        }
        work_.Post([this, actor, to, response, done] {
          absl::StatusOr<eventstore::LogHead> head = backups_->Backup(to);
          if (!head.ok()) {
            log::Warn("backup failed", {{"actor", actor.id}, {"error", head.status().ToString()}});
            return done(head.status());
          }
          response->set_folder(to);
          response->set_head_position(head->position);
          response->set_head_hash(absl::BytesToHexString(head->hash));
          log::Info("backup taken", {{"actor", actor.id}, {"folder", to},
                                     {"head", head->position}});
          done(absl::OkStatus());
        });
      });
}

}  // namespace caseledger::app
