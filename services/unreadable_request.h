#pragma once

#include <memory>

#include "grpcpp/support/server_interceptor.h"

namespace caseledger::services {

// gRPC answers a request whose bytes do not parse as the method's message (a string field that
// is not UTF-8, a torn message, nesting past Protobuf's depth limit) with UNIMPLEMENTED and no
// message, which a client can only read as "no such method". This interceptor, first on the
// server, turns that answer into INVALID_ARGUMENT naming the message the request should have
// been. Every method caseledgerd serves is registered and never refuses with an empty
// UNIMPLEMENTED of its own, so nothing else is rewritten.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
UnreadableRequestInterceptor();

}  // namespace caseledger::services
