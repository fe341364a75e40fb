#include "domain/monitoring.h"

#include "absl/strings/str_cat.h"

namespace caseledger::domain {

void CheckMonitoringLevel(absl::string_view field, const v1::MonitoringLevel& level, bool required,
                          FieldErrors& errors) {
  const std::string prefix(field);
  if (level.kind() == v1::MONITORING_KIND_UNSPECIFIED && !required && level.ByteSizeLong() == 0) {
    return;
  }
  errors.Enum(prefix + ".kind", level.kind());
  auto only = [&](absl::string_view name, uint32_t value, uint32_t low, uint32_t high, bool used) {
    const std::string path = absl::StrCat(prefix, ".", name);
    if (used && (value < low || value > high)) {
      errors.Add(path, absl::StrCat("must be from ", low, " to ", high));
    } else if (!used && value != 0) {
      errors.Add(path, "is not used by this kind of level");
    }
  };
  only("percent", level.percent(), 1, 100, level.kind() == v1::SAMPLE_PERCENT);
  only("files_per_month", level.files_per_month(), 1, 1000,
       level.kind() == v1::SAMPLE_FILES_PER_MONTH);
  only("period_days", level.period_days(), 1, 366, level.kind() == v1::PERIODIC);
}

std::string DescribeMonitoringLevel(const v1::MonitoringLevel& level) {
  switch (level.kind()) {
    case v1::EVERY_FILE_BEFORE_ADVICE:
      return "every file before advice";
    case v1::SAMPLE_PERCENT:
      return absl::StrCat(level.percent(), "% of files a month");
    case v1::SAMPLE_FILES_PER_MONTH:
      return absl::StrCat(level.files_per_month(), " files a month");
    case v1::PERIODIC:
      return absl::StrCat("every file every ", level.period_days(), " days");
    default:
      break;
  }
  return "none";
}

}  // namespace caseledger::domain
