#pragma once

#include <memory>
#include <utility>

#include "grpcpp/server_context.h"
#include "grpcpp/support/message_allocator.h"

namespace caseledger::services {

// Lets a unary callback method answer with a message it shares with other calls (a kept
// answer), instead of copying it into the one gRPC made for the call. Set it on the method
// (SetMessageAllocatorFor_...); the call holds the shared answer until gRPC has sent it.
template <typename Request, typename Response>
class SharedAnswers final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override { return new Holder(); }

  // Makes `answer` the call's answer. Without this allocator on the method (a service made
  // outside a server, say), copies it into `response`.
  static void Answer(grpc::CallbackServerContext& context, std::shared_ptr<const Response> answer,
                     Response* response) {
    if (auto* holder = dynamic_cast<Holder*>(context.GetRpcAllocatorState())) {
      holder->Share(std::move(answer));
    } else {
      *response = *answer;
    }
  }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() {
      this->set_request(&request_);
      this->set_response(&response_);
    }
    void Release() override { delete this; }
    // gRPC reads the answer only to send it, so sharing a const one is safe.
    void Share(std::shared_ptr<const Response> answer) {
      shared_ = std::move(answer);
      this->set_response(const_cast<Response*>(shared_.get()));
    }

   private:
    Request request_;
    Response response_;
    std::shared_ptr<const Response> shared_;
  };
};

}  // namespace caseledger::services
