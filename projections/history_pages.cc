#include "projections/history_pages.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "base/encoded_fields.h"
#include "domain/case.h"
#include "projections/case_history.h"

namespace caseledger::projections {
namespace {

// The same answer, its entries held as the bytes they are sent as (AddEncoded): sending a
// kept page again copies bytes rather than encoding a thousand nested messages.
v1::GetCaseHistoryResponse Encoded(const v1::GetCaseHistoryResponse& decoded) {
  v1::GetCaseHistoryResponse encoded;
  encoded.set_next_revision(decoded.next_revision());
  for (const v1::HistoryEntry& entry : decoded.entries()) {
    AddEncoded(encoded, v1::GetCaseHistoryResponse::kEntriesFieldNumber, entry.SerializeAsString());
  }
  return encoded;
}

}  // namespace

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
  auto answer = std::make_shared<const v1::GetCaseHistoryResponse>(Encoded(*decoded));
  page.bytes = answer->SpaceUsedLong();
  page.answer = answer;
  absl::MutexLock lock(&mu_);
  ++decoded_;
  Drop(key);
  // Checked under the lock Clear takes: an erasure that begins after this drops the page.
  if (page.last_revision > 0 && erasures == keys_.Erasures() && page.bytes <= capacity_bytes_) {
    Keep(key, std::move(page));
  }
  return answer;
}

void HistoryPages::Clear() {
  absl::MutexLock lock(&mu_);
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

void HistoryPages::Drop(const std::string& key) {
  auto it = pages_.find(key);
  if (it == pages_.end()) return;
  bytes_ -= it->second.bytes;
  order_.erase(it->second.in_order);
  pages_.erase(it);
}

void HistoryPages::Keep(const std::string& key, Page page) {
  order_.push_back(key);
  page.in_order = std::prev(order_.end());
  bytes_ += page.bytes;
  pages_.emplace(key, std::move(page));
  // The newest fits on its own (Get checks), so this stops before reaching it.
  while (bytes_ > capacity_bytes_) Drop(std::string(order_.front()));
}

}  // namespace caseledger::projections
