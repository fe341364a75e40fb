#pragma once

#include "google/protobuf/arena.h"
#include "grpcpp/support/message_allocator.h"

namespace caseledger::services {

// Makes a unary callback method's request and answer on an arena of the call's own, freed
// whole once gRPC has sent the answer. An answer of many small messages (a case's replay,
// each note with its stamp and times) is then built by bumping a pointer, with nothing freed
// one by one. Set it on the method (SetMessageAllocatorFor_...).
template <typename Request, typename Response>
class ArenaMessages final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override { return new Holder(); }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() {
      this->set_request(google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    google::protobuf::Arena arena_;
  };
};

}  // namespace caseledger::services
