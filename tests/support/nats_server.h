#pragma once

#include <memory>
#include <string>

#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace caseledger::testing {

// A real nats-server with JetStream, on a free loopback port, storing in a folder of its
// own; stopped on destruction.
class NatsServer {
 public:
  NatsServer();
  ~NatsServer();

  std::string url() const;
  int port() const { return port_; }
  // Stops it (SIGTERM) and waits; Start() brings it back on the same port and folder.
  void Stop();
  void Start();

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// A port on 127.0.0.1 that nothing listens on right now.
int FreeLoopbackPort();

}  // namespace caseledger::testing
