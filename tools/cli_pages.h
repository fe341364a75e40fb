#pragma once

// Reading a paged list whole.

#include <cstdint>
#include <string>

#include "tools/cli_client.h"

namespace caseledger::cli {

// How many items the commands that print a whole list ask for in each call.
inline constexpr uint32_t kPageSize = 1000;

// Calls `method` of `stub` (Caseload::Stub::ListDiary, ...) page after page, from `request`'s
// page token to the last page, and returns the pages as one answer: each page's list (what
// `list` of a response points to) in order, no next_page_token, and the rest (total, ...) as
// the last page gave it. Throws Failure for a failed call, as Check does.
template <typename Stub, typename Request, typename Response, typename List>
Response AllPages(const Client& client, Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  Request request, const List& list) {
  Response all;
  for (;;) {
    Response page;
    Check((stub.*method)(client.Context().get(), request, &page));
    for (auto& item : *list(page)) *list(all)->Add() = std::move(item);
    if (page.next_page_token().empty()) {
      list(page)->Swap(list(all));
      return page;
    }
    request.set_page_token(page.next_page_token());
  }
}

}  // namespace caseledger::cli
