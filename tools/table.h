#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "caseledger/v1/casework.pb.h"

namespace caseledger::cli {

// Aligned columns for people. Cells may carry terminal colour codes; widths ignore them.
class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// True when standard output is a terminal and NO_COLOR is unset.
bool UseColour();

// "RED", "AMBER", "GREEN" or "-", in its colour on a terminal.
std::string RagLabel(v1::Rag rag);

}  // namespace caseledger::cli
