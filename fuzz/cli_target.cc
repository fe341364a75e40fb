#include <string>

#include "absl/time/time.h"
#include "caseledger/v1/casework.pb.h"
#include "fuzz/targets.h"
#include "tools/cli_parse.h"

namespace caseledger::fuzz {

int CliArguments(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  try {
    const absl::Time parsed = cli::ParseTime("--due", text, now);
    FUZZ_CHECK(parsed >= absl::FromUnixSeconds(-62135596800) &&
               parsed <= absl::FromUnixSeconds(253402300799));
  } catch (const cli::Failure& failure) {
    FUZZ_CHECK(failure.message.rfind("--due", 0) == 0);
  }
  try {
    const v1::ContactType contact = cli::ParseEnum<v1::ContactType>("--contact", text);
    FUZZ_CHECK(v1::ContactType_IsValid(contact) && contact != 0);
  } catch (const cli::Failure& failure) {
    FUZZ_CHECK(failure.message.rfind("--contact", 0) == 0);
  }
  return 0;
}

}  // namespace caseledger::fuzz
