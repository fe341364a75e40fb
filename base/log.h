#pragma once

// caseledger's one way to log: levelled, timestamped lines on stderr, as readable text or as
// JSON lines. A line is a message and named fields; no caller puts a personal field in either
// (ids are pseudonymous; personal fields stay sealed in the log). Thread-safe.

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace caseledger::log {

enum class Format {
  kText,  // 2026-12-02T09:00:00.123456Z info projection caught up name=caseload position=42
  kJson,  // {"time":"...","level":"info","msg":"projection caught up","name":"caseload",...}
};

enum class Level { kDebug, kInfo, kWarn, kError };

// A named value on a line. Numbers and strings alike, as text.
struct Field {
  Field(absl::string_view key, const absl::AlphaNum& value)
      : key(key), value(value.data(), value.size()) {}
  std::string key;
  std::string value;
};

// How lines are written from now on, and the least level written. Text at info until called.
void Configure(Format format, Level least = Level::kInfo);

// Reads "text" or "json" into `format`; false for anything else.
bool ParseFormat(absl::string_view text, Format& format);

void Write(Level level, absl::string_view message, std::initializer_list<Field> fields);
inline void Debug(absl::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kDebug, message, fields);
}
inline void Info(absl::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, message, fields);
}
inline void Warn(absl::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kWarn, message, fields);
}
inline void Error(absl::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kError, message, fields);
}

// While it lives, lines are kept here (as text, without the time) instead of written: for
// tests of what is logged. One at a time.
class Capture {
 public:
  Capture();
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  // The lines written since, oldest first, without their line ends.
  std::vector<std::string> Lines() const;
};

}  // namespace caseledger::log
