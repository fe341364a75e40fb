#include "domain/field_errors.h"

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/ids.h"

namespace caseledger::domain {

std::string Quoted(absl::string_view value) {
  constexpr size_t kShown = 64;
  return absl::StrCat("'", absl::CHexEscape(value.substr(0, kShown)), "'",
                      value.size() > kShown ? "..." : "");
}

void FieldErrors::Add(std::string field, std::string description) {
  auto* violation = bad_request_.add_field_violations();
  violation->set_field(std::move(field));
  violation->set_description(std::move(description));
}

void FieldErrors::Id(absl::string_view field, absl::string_view value, bool required) {
  if (value.empty()) {
    if (required) Add(std::string(field), "is required");
    return;
  }
  if (value.size() > kMaxIdBytes) {
    Add(std::string(field), absl::StrCat("is ", value.size(), " bytes; at most ", kMaxIdBytes));
    return;
  }
  for (char c : value) {
    if (!IsIdChar(c)) {
      Add(std::string(field),
          "may hold only letters, digits, '-', '_', '.' and ':' (a reference, not a name)");
      return;
    }
  }
}

void FieldErrors::Text(absl::string_view field, absl::string_view value, bool required,
                       size_t max_bytes) {
  if (absl::StripAsciiWhitespace(value).empty()) {
    if (required) Add(std::string(field), "is required");
    return;
  }
  if (value.size() > max_bytes) {
    Add(std::string(field), absl::StrCat("is ", value.size(), " bytes; at most ", max_bytes));
  }
}

void FieldErrors::Time(absl::string_view field, const google::protobuf::Timestamp& value,
                       bool required, bool is_set) {
  if (!is_set) {
    if (required) Add(std::string(field), "is required");
    return;
  }
  if (value.nanos() < 0 || value.nanos() > 999999999 || value.seconds() < -62135596800 ||
      value.seconds() > 253402300799) {
    Add(std::string(field), "is not a valid time");
  }
}

absl::Status FieldErrors::AddFrom(const absl::Status& status) {
  if (status.ok()) return status;
  std::optional<google::rpc::BadRequest> bad_request = BadRequestOf(status);
  if (!bad_request.has_value()) return status;
  for (const auto& v : bad_request->field_violations()) *bad_request_.add_field_violations() = v;
  return absl::OkStatus();
}

absl::Status FieldErrors::ToStatus() const {
  if (ok()) return absl::OkStatus();
  std::vector<std::string> parts;
  for (const auto& v : bad_request_.field_violations()) {
    parts.push_back(absl::StrCat(v.field(), " ", v.description()));
  }
  absl::Status status =
      absl::InvalidArgumentError(absl::StrCat("invalid request: ", absl::StrJoin(parts, "; ")));
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(bad_request_.SerializeAsString()));
  return status;
}

absl::Status InvalidField(std::string field, std::string description) {
  FieldErrors errors;
  errors.Add(std::move(field), std::move(description));
  return errors.ToStatus();
}

std::optional<google::rpc::BadRequest> BadRequestOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload.has_value()) return std::nullopt;
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) return std::nullopt;
  return bad_request;
}

}  // namespace caseledger::domain
