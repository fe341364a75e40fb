#pragma once

// The pages of a list. A list answered a page at a time takes page_size (0 is the default of
// 100; more than 1000 is taken as 1000) and page_token, and answers with next_page_token, empty
// on the last page. A token is the sort key of the last item given, so the next page starts
// just after it; every key ends in what makes the item unique (a case id), so across ties no
// item is given twice or skipped.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace caseledger::projections {

inline constexpr uint32_t kDefaultPageSize = 100;
inline constexpr uint32_t kMaxPageSize = 1000;

// The page size a request's `page_size` asks for.
inline uint32_t PageSize(uint32_t requested) {
  return requested == 0 ? kDefaultPageSize : std::min(requested, kMaxPageSize);
}

// An item's place in its list's order: its numbers, then its texts, compared in turn.
struct PageKey {
  std::vector<int64_t> numbers;
  std::vector<std::string> texts;

  friend bool operator<(const PageKey& a, const PageKey& b) {
    return std::tie(a.numbers, a.texts) < std::tie(b.numbers, b.texts);
  }
};

// The token that starts the page after the item at `key`.
std::string PageTokenOf(const PageKey& key);

// The key a token names: nullopt for an empty token; INVALID_ARGUMENT naming page_token for
// one that is not a key of `numbers` numbers and `texts` texts (not a token this list gave).
absl::StatusOr<std::optional<PageKey>> ParsePageToken(const std::string& token, size_t numbers,
                                                      size_t texts);

// Orders `items` by `key_of` (a PageKey unique to each) and moves into `page` the first
// `page_size` of those after `after` (all from the first without it). Returns the token of the
// page after, empty when none follows.
template <typename Item, typename KeyOf>
std::string TakePage(std::vector<Item>& items, const KeyOf& key_of,
                     const std::optional<PageKey>& after, uint32_t page_size,
                     google::protobuf::RepeatedPtrField<Item>& page) {
  std::vector<std::pair<PageKey, size_t>> order;
  order.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) order.emplace_back(key_of(items[i]), i);
  std::sort(order.begin(), order.end());
  auto first = order.begin();
  if (after.has_value()) {
    first = std::upper_bound(order.begin(), order.end(), *after,
                             [](const PageKey& key, const auto& item) { return key < item.first; });
  }
  for (auto it = first; it != order.end(); ++it) {
    if (static_cast<uint32_t>(page.size()) == page_size) return PageTokenOf(std::prev(it)->first);
    *page.Add() = std::move(items[it->second]);
  }
  return "";
}

// Keeps of `items`, the whole of `response`'s list, only the page `request` asks for, by its
// page_token (a key of `numbers` numbers and `texts` texts) and page_size, as TakePage; sets
// the response's next_page_token, and its total to the whole list's length. INVALID_ARGUMENT
// naming page_token, the response untouched, for a token this list did not give.
template <typename Request, typename Response, typename Item, typename KeyOf>
absl::Status KeepPage(const Request& request, Response& response,
                      google::protobuf::RepeatedPtrField<Item>& items, const KeyOf& key_of,
                      size_t numbers, size_t texts) {
  absl::StatusOr<std::optional<PageKey>> after =
      ParsePageToken(request.page_token(), numbers, texts);
  if (!after.ok()) return after.status();
  response.set_total(static_cast<uint32_t>(items.size()));
  std::vector<Item> all(std::make_move_iterator(items.begin()),
                        std::make_move_iterator(items.end()));
  items.Clear();
  response.set_next_page_token(TakePage(all, key_of, *after, PageSize(request.page_size()), items));
  return absl::OkStatus();
}

}  // namespace caseledger::projections
