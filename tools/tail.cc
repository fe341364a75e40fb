// caseledger tail: follow the log live, through Events.Subscribe.

#include <iostream>

#include "absl/strings/str_cat.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "tools/cli_app.h"
#include "tools/cli_parse.h"

namespace caseledger::cli {
namespace {

struct TailFlags {
  uint64_t after = 0;
  std::vector<std::string> types;
  std::string case_id, worker;
  uint64_t count = 0;
};

void RunTail(Client& client, const TailFlags& f) {
  auto events = v1::Events::NewStub(
      grpc::CreateChannel(client.connection().server, CredentialsFor(client.connection())));
  uint64_t after = f.after, shown = 0;
  while (true) {
    v1::SubscribeRequest request;
    request.set_after_position(after);
    for (const auto& t : f.types) request.add_event_types(t);
    request.set_case_id(f.case_id);
    request.set_worker_id(f.worker);
    auto context = client.Context();
    context->set_deadline(std::chrono::system_clock::time_point::max());
    auto reader = events->Subscribe(context.get(), request);
    v1::SubscribeResponse response;
    while (reader->Read(&response)) {
      for (const v1::EventRecord& r : response.records()) {
        after = r.position();
        if (client.connection().json) {
          std::cout << ToJson(r) << std::endl;
        } else {
          std::cout << r.position() << "  " << FormatTime(r.metadata().recorded_at()) << "  "
                    << r.stream_id() << "#" << r.stream_revision() << "  " << r.type() << "  "
                    << r.metadata().actor() << std::endl;
        }
        if (f.count > 0 && ++shown == f.count) {
          context->TryCancel();
          return;
        }
      }
    }
    grpc::Status status = reader->Finish();
    // Cut off for reading too slowly: carry on from where we are.
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) continue;
    Check(status);
    return;
  }
}

}  // namespace

void AddTail(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<TailFlags>();
  CLI::App* c = app.add_subcommand("tail", "Follow the log as events commit");
  c->add_option("--after", f->after, "Start after this position (0: from the beginning)")
      ->capture_default_str();
  c->add_option("--type", f->types, "Only this event type (repeatable)");
  c->add_option("--case", f->case_id, "Only this case");
  c->add_option("--worker", f->worker, "Only cases assigned to this worker");
  c->add_option("--count", f->count, "Stop after this many events (0: follow until interrupted)");
  commands.On<TailFlags>(c, f, RunTail);
}

}  // namespace caseledger::cli
