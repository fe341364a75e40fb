#include "services/subjects_service.h"

#include "services/grpc_call.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* SubjectsService::EraseSubject(grpc::CallbackServerContext* context,
                                                        const v1::EraseSubjectRequest* request,
                                                        v1::EraseSubjectResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    subjects_.EraseSubject(actor, *request, response, std::move(done));
  });
}

grpc::ServerUnaryReactor* SubjectsService::ExportSubject(grpc::CallbackServerContext* context,
                                                         const v1::ExportSubjectRequest* request,
                                                         v1::ExportSubjectResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    subjects_.ExportSubject(actor, *request, response, std::move(done));
  });
}

}  // namespace caseledger::services
