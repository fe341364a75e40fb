#include "tools/table.h"

#include <unistd.h>

#include <cstdlib>
#include <ostream>

namespace caseledger::cli {
namespace {

// Printed width: bytes less colour escape sequences, counting UTF-8 characters once.
size_t Width(const std::string& cell) {
  size_t width = 0;
  for (size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '\033') {
      while (i < cell.size() && cell[i] != 'm') ++i;
      continue;
    }
    if ((static_cast<unsigned char>(cell[i]) & 0xC0) != 0x80) ++width;
  }
  return width;
}

}  // namespace

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(headers_.size(), 0);
  for (size_t c = 0; c < headers_.size(); ++c) widths[c] = Width(headers_[c]);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], Width(row[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
      out << cells[c];
      if (c + 1 < cells.size()) out << std::string(widths[c] - Width(cells[c]) + 2, ' ');
    }
    out << "\n";
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
}

bool UseColour() { return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr; }

std::string RagLabel(v1::Rag rag) {
  const char* name = rag == v1::RED     ? "RED"
                     : rag == v1::AMBER ? "AMBER"
                     : rag == v1::GREEN ? "GREEN"
                                        : "-";
  if (!UseColour() || rag == v1::RAG_UNSPECIFIED) return name;
  const char* colour = rag == v1::RED     ? "\033[1;31m"
                       : rag == v1::AMBER ? "\033[1;33m"
                                          : "\033[1;32m";
  return std::string(colour) + name + "\033[0m";
}

}  // namespace caseledger::cli
