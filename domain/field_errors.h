#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/rpc/error_details.pb.h"

namespace caseledger::domain {

// Limits on what a client may send.
inline constexpr size_t kMaxIdBytes = 128;
inline constexpr size_t kMaxShortTextBytes = 1024;
inline constexpr size_t kMaxTextBytes = 32 * 1024;

// Collects every bad field of a request, so one answer names them all.
class FieldErrors {
 public:
  void Add(std::string field, std::string description);

  // Checks an identifier: letters, digits, '-', '_', '.', ':'; at most kMaxIdBytes.
  void Id(absl::string_view field, absl::string_view value, bool required);
  // Checks free text: at most `max_bytes`; not only white space when required.
  void Text(absl::string_view field, absl::string_view value, bool required,
            size_t max_bytes = kMaxTextBytes);
  // Checks a timestamp is set (when required) and valid.
  void Time(absl::string_view field, const google::protobuf::Timestamp& value, bool required,
            bool is_set);
  // Checks an enum field was given one of its enum's values, other than its UNSPECIFIED
  // zero: a number the enum does not define is refused, not stored.
  template <typename E>
  void Enum(absl::string_view field, E value) {
    const int number = static_cast<int>(value);
    if (number == 0) {
      Add(std::string(field), "is required");
    } else if (google::protobuf::GetEnumDescriptor<E>()->FindValueByNumber(number) == nullptr) {
      Add(std::string(field), absl::StrCat(number, " is not one of its values"));
    }
  }

  // Adds the field violations a FieldErrors status carries (see ToStatus), so checks made
  // elsewhere are reported with these. Any other non-OK status is returned as it is.
  absl::Status AddFrom(const absl::Status& status);

  bool ok() const { return bad_request_.field_violations_size() == 0; }

  // OK when no field was bad; otherwise INVALID_ARGUMENT whose message lists each
  // violation and whose payload (kBadRequestTypeUrl) is the google.rpc.BadRequest.
  absl::Status ToStatus() const;

 private:
  google::rpc::BadRequest bad_request_;
};

inline constexpr char kBadRequestTypeUrl[] = "type.googleapis.com/google.rpc.BadRequest";

// A value a client sent, as an error message may show it: quoted, its first 64 bytes with
// control and non-ASCII bytes escaped (so the message stays UTF-8 and short), "..." when cut.
std::string Quoted(absl::string_view value);

// A single bad field, as a status.
absl::Status InvalidField(std::string field, std::string description);

// The BadRequest attached to a status by FieldErrors, if any.
std::optional<google::rpc::BadRequest> BadRequestOf(const absl::Status& status);

}  // namespace caseledger::domain
