#include "projections/history_pages.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "domain/case.h"
#include "projections/case_history.h"

namespace caseledger::projections {

absl::StatusOr<std::shared_ptr<const v1::GetCaseHistoryResponse>> HistoryPages::Get(
    const v1::GetCaseHistoryRequest& request) {
  // Numbers first: the case id, last, may hold any character.
  const std::string key = absl::StrCat(request.from_revision(), "/", request.page_size(), "/",
                                       request.include_payloads(), "/", request.case_id());
  const std::string stream_id = domain::CaseStreamId(request.case_id());
  const uint64_t erasures = keys_.Erasures();
  std::optional<Page> kept;
  {
    absl::MutexLock lock(&mu_);
    if (erasures > erasures_seen_) {
      ClearLocked();
      erasures_seen_ = erasures;
    }
    if (auto it = pages_.find(key); it != pages_.end()) kept = it->second;
  }
  if (kept && Current(*kept, stream_id, erasures)) return kept->answer;

  absl::StatusOr<v1::GetCaseHistoryResponse> decoded = GetCaseHistory(store_, keys_, request);
  if (!decoded.ok()) return decoded.status();
  Page page;
  page.erasures = erasures;
  if (!decoded->entries().empty()) {
    page.last_revision = decoded->entries().rbegin()->record().stream_revision();
  }
  page.bytes = decoded->SpaceUsedLong();
  page.answer = std::make_shared<const v1::GetCaseHistoryResponse>(*std::move(decoded));
  absl::MutexLock lock(&mu_);
  ++decoded_;
  if (page.last_revision > 0 && erasures == erasures_seen_ && page.bytes <= capacity_bytes_) {
    Keep(key, page);
  } else if (auto stale = pages_.find(key); stale != pages_.end()) {
    bytes_ -= stale->second.bytes;
    pages_.erase(stale);
  }
  return page.answer;
}

void HistoryPages::Clear() {
  absl::MutexLock lock(&mu_);
  ClearLocked();
}

void HistoryPages::ClearLocked() {
  pages_.clear();
  order_.clear();
  bytes_ = 0;
}

uint64_t HistoryPages::Decoded() const {
  absl::MutexLock lock(&mu_);
  return decoded_;
}

size_t HistoryPages::Kept() const {
  absl::MutexLock lock(&mu_);
  return pages_.size();
}

bool HistoryPages::Current(const Page& page, const std::string& stream_id,
                           uint64_t erasures) const {
  if (page.erasures != erasures) return false;
  if (page.answer->next_revision() != 0) return true;
  absl::StatusOr<uint64_t> revision = store_.StreamRevision(stream_id);
  return revision.ok() && *revision == page.last_revision;
}

void HistoryPages::Keep(const std::string& key, Page page) {
  page.kept = ++kept_;
  order_.emplace_back(key, page.kept);
  auto [it, added] = pages_.try_emplace(key);
  if (!added) bytes_ -= it->second.bytes;
  bytes_ += page.bytes;
  it->second = std::move(page);
  // Drop the oldest beyond the capacity; an entry for a page kept again since is stale.
  auto stale = [this](const std::pair<std::string, uint64_t>& entry) {
    auto found = pages_.find(entry.first);
    return found == pages_.end() || found->second.kept != entry.second;
  };
  while (bytes_ > capacity_bytes_ && !order_.empty()) {
    if (!stale(order_.front())) {
      auto oldest = pages_.find(order_.front().first);
      bytes_ -= oldest->second.bytes;
      pages_.erase(oldest);
    }
    order_.pop_front();
  }
  if (order_.size() > 2 * pages_.size() + 64) {
    std::deque<std::pair<std::string, uint64_t>> live;
    for (auto& entry : order_) {
      if (!stale(entry)) live.push_back(std::move(entry));
    }
    order_ = std::move(live);
  }
}

}  // namespace caseledger::projections
