#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "caseledger/v1/subjects.grpc.pb.h"
#include "privacy/subject_keys.h"
#include "services/access_log.h"
#include "services/auth.h"
#include "services/case_command_runner.h"

namespace caseledger::services {

// Erases data subject `subject_id` of organisation `org_id`: records SubjectErased, with
// `reason`, on each of their cases as `actor`, then destroys their key. Safe to repeat after a failure: cases already done are
// skipped. Returns the cases. `by_policy`: the retention rule acts, and no role applies.
// Blocks; not for the store's writer thread.
absl::StatusOr<std::vector<std::string>> EraseSubject(CaseCommandRunner& runner,
                                                      privacy::SubjectKeys& keys,
                                                      const Actor& actor,
                                                      const std::string& org_id,
                                                      const std::string& subject_id,
                                                      const std::string& reason,
                                                      bool by_policy = false);

// The Subjects gRPC service: a data subject's access request and erasure.
class SubjectsService final : public v1::Subjects::CallbackService {
 public:
  SubjectsService(const Authenticator& authenticator, const Authorizer& authorizer,
                  AccessLog& access, const eventstore::EventStore& store,
                  privacy::SubjectKeys& keys, CaseCommandRunner& runner)
      : authenticator_(authenticator),
        authorizer_(authorizer),
        access_(access),
        store_(store),
        keys_(keys),
        runner_(runner) {}

  grpc::ServerUnaryReactor* EraseSubject(grpc::CallbackServerContext* context,
                                         const v1::EraseSubjectRequest* request,
                                         v1::EraseSubjectResponse* response) override;
  grpc::ServerUnaryReactor* ExportSubject(grpc::CallbackServerContext* context,
                                          const v1::ExportSubjectRequest* request,
                                          v1::ExportSubjectResponse* response) override;

 private:
  absl::Status Export(grpc::CallbackServerContext& context, const std::string& subject_id,
                      v1::ExportSubjectResponse& response);

  const Authenticator& authenticator_;
  const Authorizer& authorizer_;
  AccessLog& access_;
  const eventstore::EventStore& store_;
  privacy::SubjectKeys& keys_;
  CaseCommandRunner& runner_;
};

}  // namespace caseledger::services
