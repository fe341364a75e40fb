#include "services/unreadable_request.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/descriptor.h"

namespace caseledger::services {
namespace {

using grpc::experimental::InterceptionHookPoints;

// "/caseledger.v1.Events/Subscribe": the full name of the method's request message; empty
// for a method the server does not have, which gRPC answers UNIMPLEMENTED, rightly.
std::string RequestTypeOf(const char* method) {
  std::string name = absl::StrReplaceAll(method, {{"/", "."}});
  if (!name.empty() && name.front() == '.') name.erase(0, 1);
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(name);
  return descriptor == nullptr ? "" : descriptor->input_type()->full_name();
}

class UnreadableRequest final : public grpc::experimental::Interceptor {
 public:
  explicit UnreadableRequest(const char* method) : request_type_(RequestTypeOf(method)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      if (!request_type_.empty() && status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
          status.error_message().empty()) {
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            absl::StrCat("the request is not a ", request_type_,
                         " in Protobuf's binary form: a string that is not UTF-8, a torn or "
                         "malformed field, or nesting deeper than Protobuf reads")));
      }
    }
    methods->Proceed();
  }

 private:
  const std::string request_type_;
};

class UnreadableRequestFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new UnreadableRequest(info->method());
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
UnreadableRequestInterceptor() {
  return std::make_unique<UnreadableRequestFactory>();
}

}  // namespace caseledger::services
