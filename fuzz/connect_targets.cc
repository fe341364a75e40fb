#include <string>

#include "absl/strings/string_view.h"
#include "fuzz/targets.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "services/connect_protocol.h"

namespace caseledger::fuzz {

namespace connect = services::connect;

int ConnectFrames(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  auto frames = connect::ParseEnvelopes(input, 1 << 16);
  if (frames.ok()) {
    std::string again;
    for (const connect::Frame& frame : *frames) {
      FUZZ_CHECK(frame.message.size() <= (1 << 16));
      again += connect::Envelope(frame.flags, frame.message);
    }
    FUZZ_CHECK(again == input);
  }
  const absl::string_view header = input.substr(0, input.find('\n'));
  if (auto type = connect::ParseContentType(header)) {
    auto again = connect::ParseContentType(connect::ContentTypeOf(*type));
    FUZZ_CHECK(again.has_value() && again->codec == type->codec &&
               again->streaming == type->streaming);
  }
  if (auto timeout = connect::ParseTimeout(header); timeout.ok()) {
    FUZZ_CHECK(*timeout >= absl::ZeroDuration() && *timeout <= absl::Milliseconds(9999999999));
  }
  return 0;
}

int ConnectRequest(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // Every unary and server-streaming method served, in a fixed order.
  static const std::vector<const google::protobuf::MethodDescriptor*> methods = [] {
    std::vector<const google::protobuf::MethodDescriptor*> found;
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    for (const char* service :
         {"caseledger.v1.CaseCommands", "caseledger.v1.Caseload", "caseledger.v1.Audit",
          "caseledger.v1.Events", "caseledger.v1.Subjects", "caseledger.v1.Supervision",
          "caseledger.v1.Inspections", "caseledger.v1.Providers", "caseledger.v1.PolicyCommands",
          "caseledger.v1.WorkPlans", "caseledger.v1.Operations"}) {
      const auto* descriptor = pool->FindServiceByName(service);
      if (descriptor == nullptr) continue;
      for (int i = 0; i < descriptor->method_count(); ++i) {
        const std::string procedure =
            "/" + descriptor->full_name() + "/" + descriptor->method(i)->name();
        if (connect::FindProcedure(procedure) != nullptr) found.push_back(descriptor->method(i));
      }
    }
    return found;
  }();
  FUZZ_CHECK(!methods.empty());
  const auto& method = *methods[data[0] % methods.size()];
  const connect::Codec codec =
      (data[0] & 0x80) != 0 ? connect::Codec::kProto : connect::Codec::kJson;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto decoded = connect::DecodeRequest(method, codec, body);
  if (!decoded.ok()) return 0;
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(method.input_type())
          ->New());
  FUZZ_CHECK(message->ParseFromString(*decoded));
  return 0;
}

}  // namespace caseledger::fuzz
