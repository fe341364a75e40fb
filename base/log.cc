#include "base/log.h"

#include <memory>
#include <mutex>

#include "absl/strings/escaping.h"
#include "spdlog/logger.h"
#include "spdlog/sinks/ringbuffer_sink.h"
#include "spdlog/sinks/stdout_sinks.h"

namespace caseledger::log {
namespace {

// The time and level come from the pattern; the message and fields are formatted here.
constexpr char kTextPattern[] = "%Y-%m-%dT%H:%M:%S.%fZ %l %v";
constexpr char kJsonPattern[] = R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})";
constexpr size_t kCaptured = 10000;

struct State {
  std::mutex mu;
  Format format = Format::kText;
  std::shared_ptr<spdlog::logger> logger;
  std::shared_ptr<spdlog::logger> writing;  // the logger lines go to now
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> captured;
};

State& Global() {
  static State* const state = [] {
    auto* s = new State();
    s->logger = std::make_shared<spdlog::logger>(
        "caseledger", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    s->logger->set_pattern(kTextPattern, spdlog::pattern_time_type::utc);
    s->logger->flush_on(spdlog::level::trace);
    s->writing = s->logger;
    return s;
  }();
  return *state;
}

spdlog::level::level_enum ToSpdlog(Level level) {
  switch (level) {
    case Level::kDebug:
      return spdlog::level::debug;
    case Level::kInfo:
      return spdlog::level::info;
    case Level::kWarn:
      return spdlog::level::warn;
    case Level::kError:
      break;
  }
  return spdlog::level::err;
}

// A JSON string's contents: quotes, backslashes and control bytes escaped.
std::string JsonEscaped(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppend(&out, "\\u00", absl::BytesToHexString(absl::string_view(&c, 1)));
        } else {
          out += c;
        }
    }
  }
  return out;
}

// A text value as written: bare when it has no space, quote or '=', quoted otherwise.
std::string TextValue(absl::string_view value) {
  const bool bare = !value.empty() && value.find_first_of(" \"=\n\t") == absl::string_view::npos;
  return bare ? std::string(value) : absl::StrCat("\"", JsonEscaped(value), "\"");
}

std::string Line(Format format, absl::string_view message, std::initializer_list<Field> fields) {
  std::string line;
  if (format == Format::kJson) {
    absl::StrAppend(&line, "\"msg\":\"", JsonEscaped(message), "\"");
    for (const Field& field : fields) {
      absl::StrAppend(&line, ",\"", JsonEscaped(field.key), "\":\"", JsonEscaped(field.value), "\"");
    }
    return line;
  }
  line = std::string(message);
  for (const Field& field : fields) {
    absl::StrAppend(&line, " ", field.key, "=", TextValue(field.value));
  }
  return line;
}

}  // namespace

bool ParseFormat(absl::string_view text, Format& format) {
  if (text == "text") {
    format = Format::kText;
  } else if (text == "json") {
    format = Format::kJson;
  } else {
    return false;
  }
  return true;
}

void Configure(Format format, Level least) {
  State& state = Global();
  std::lock_guard<std::mutex> lock(state.mu);
  state.format = format;
  state.logger->set_pattern(format == Format::kJson ? kJsonPattern : kTextPattern,
                            spdlog::pattern_time_type::utc);
  state.logger->set_level(ToSpdlog(least));
}

void Write(Level level, absl::string_view message, std::initializer_list<Field> fields) {
  State& state = Global();
  std::shared_ptr<spdlog::logger> logger;
  Format format;
  {
    std::lock_guard<std::mutex> lock(state.mu);
    logger = state.writing;
    format = state.format;
  }
  if (!logger->should_log(ToSpdlog(level))) return;
  logger->log(ToSpdlog(level), Line(format, message, fields));
}

Capture::Capture() {
  State& state = Global();
  std::lock_guard<std::mutex> lock(state.mu);
  state.captured = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(kCaptured);
  state.writing = std::make_shared<spdlog::logger>("caseledger-captured", state.captured);
  state.writing->set_pattern("%l %v");
  state.writing->set_level(spdlog::level::trace);
  state.format = Format::kText;
}

Capture::~Capture() {
  State& state = Global();
  std::lock_guard<std::mutex> lock(state.mu);
  state.writing = state.logger;
  state.captured.reset();
}

std::vector<std::string> Capture::Lines() const {
  State& state = Global();
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> captured;
  {
    std::lock_guard<std::mutex> lock(state.mu);
    captured = state.captured;
  }
  if (captured == nullptr) return {};
  std::vector<std::string> lines = captured->last_formatted();
  for (std::string& line : lines) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  }
  return lines;
}

}  // namespace caseledger::log
