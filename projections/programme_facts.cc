#include "projections/programme_facts.h"

#include <cstring>
#include <limits>
#include <tuple>

#include "base/proto_time.h"

namespace caseledger::projections {
namespace {

constexpr int64_t kNone = std::numeric_limits<int64_t>::min();

void PutInt(std::string& out, int64_t v) {
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  out.append(bytes, sizeof v);
}

void PutOptional(std::string& out, const std::optional<int64_t>& v) {
  PutInt(out, v.has_value() ? *v : kNone);
}

void PutText(std::string& out, absl::string_view text) {
  PutInt(out, static_cast<int64_t>(text.size()));
  out.append(text.data(), text.size());
}

// Reads what the Put functions wrote, in order; ok() false once anything does not fit.
class Reader {
 public:
  explicit Reader(absl::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

  int64_t Int() {
    int64_t v = 0;
    if (in_.size() < sizeof v) {
      ok_ = false;
      return 0;
    }
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return v;
  }
  std::optional<int64_t> Optional() {
    const int64_t v = Int();
    return v == kNone ? std::nullopt : std::optional<int64_t>(v);
  }
  // Into `text`, reusing what it holds: decoding thousands of facts into one allocates once.
  void Text(std::string& text) {
    const int64_t size = Int();
    if (!ok_ || size < 0 || static_cast<size_t>(size) > in_.size()) {
      ok_ = false;
      text.clear();
      return;
    }
    text.assign(in_.data(), static_cast<size_t>(size));
    in_.remove_prefix(size);
  }

 private:
  absl::string_view in_;
  bool ok_ = true;
};

std::optional<int64_t> Seconds(const google::protobuf::Timestamp& t, bool is_set) {
  return is_set ? std::optional<int64_t>(t.seconds()) : std::nullopt;
}

auto Tie(const ProgrammeFacts& f) {
  return std::tie(f.team_id, f.lead_inspector, f.judgement, f.registered_at, f.rated_at,
                  f.last_inspected_at, f.intelligence_by, f.intelligence_id, f.follow_up_from,
                  f.follow_up_case_id, f.follow_up_plan_id, f.follow_up_not_met,
                  f.unconsidered_intelligence, f.open_enforcement);
}

// Whether a visit was made to the provider after `t`.
bool VisitedAfter(const v1::ProgrammeEntry& entry, int64_t t) {
  for (const v1::VisitMark& visit : entry.visits()) {
    if (visit.done() && visit.at().seconds() > t) return true;
  }
  return false;
}

void AddFollowUp(const v1::ProgrammeEntry& entry, ProgrammeFacts& f) {
  for (const v1::ActionPlanMark& plan : entry.action_plans()) {
    int64_t from = 0;
    bool not_met = false;
    if (plan.verdict() == v1::PLAN_VERDICT_UNSPECIFIED) {
      from = plan.due_by().seconds();
    } else if (plan.verdict() == v1::ACTIONS_NOT_MET) {
      from = plan.verified_at().seconds();
      not_met = true;
    } else {
      continue;
    }
    if (VisitedAfter(entry, from)) continue;
    if (!f.follow_up_from.has_value() || from < *f.follow_up_from) {
      f.follow_up_from = from;
      f.follow_up_case_id = plan.case_id();
      f.follow_up_plan_id = plan.plan_id();
      f.follow_up_not_met = not_met;
    }
  }
}

}  // namespace

bool ProgrammeFacts::operator==(const ProgrammeFacts& other) const {
  return Tie(*this) == Tie(other);
}

ProgrammeFacts FactsOf(const v1::ProgrammeEntry& entry) {
  const v1::ProviderSummary& p = entry.provider();
  ProgrammeFacts f;
  f.team_id = p.team_id();
  f.lead_inspector = p.lead_inspector();
  f.judgement = p.judgement();
  f.registered_at = p.registered_at().seconds();
  f.rated_at = Seconds(p.rated_at(), p.has_rated_at());
  f.last_inspected_at = Seconds(p.last_inspected_at(), p.has_last_inspected_at());
  for (const v1::IntelligenceMark& mark : entry.intelligence()) {
    if (!mark.considered()) ++f.unconsidered_intelligence;
    if (!mark.brings_inspection_forward() ||
        (mark.considered() && mark.consideration() == v1::NO_FURTHER_ACTION)) {
      continue;
    }
    // An inspection since it was received has looked into it.
    if (f.last_inspected_at.has_value() && mark.received_at().seconds() <= *f.last_inspected_at) {
      continue;
    }
    if (!f.intelligence_by.has_value() || mark.inspect_by().seconds() < *f.intelligence_by) {
      f.intelligence_by = mark.inspect_by().seconds();
      f.intelligence_id = mark.intelligence_id();
    }
  }
  for (const v1::EnforcementMark& mark : entry.enforcement()) {
    if (!mark.concluded()) ++f.open_enforcement;
  }
  AddFollowUp(entry, f);
  return f;
}

std::string EncodeFacts(const ProgrammeFacts& f) {
  std::string out;
  PutText(out, f.team_id);
  PutText(out, f.lead_inspector);
  PutText(out, f.judgement);
  PutInt(out, f.registered_at);
  PutOptional(out, f.rated_at);
  PutOptional(out, f.last_inspected_at);
  PutOptional(out, f.intelligence_by);
  PutText(out, f.intelligence_id);
  PutOptional(out, f.follow_up_from);
  PutText(out, f.follow_up_case_id);
  PutText(out, f.follow_up_plan_id);
  PutInt(out, f.follow_up_not_met ? 1 : 0);
  PutInt(out, f.unconsidered_intelligence);
  PutInt(out, f.open_enforcement);
  return out;
}

bool DecodeFacts(absl::string_view encoded, ProgrammeFacts& f) {
  Reader in(encoded);
  in.Text(f.team_id);
  in.Text(f.lead_inspector);
  in.Text(f.judgement);
  f.registered_at = in.Int();
  f.rated_at = in.Optional();
  f.last_inspected_at = in.Optional();
  f.intelligence_by = in.Optional();
  in.Text(f.intelligence_id);
  f.follow_up_from = in.Optional();
  in.Text(f.follow_up_case_id);
  in.Text(f.follow_up_plan_id);
  f.follow_up_not_met = in.Int() != 0;
  f.unconsidered_intelligence = static_cast<uint32_t>(in.Int());
  f.open_enforcement = static_cast<uint32_t>(in.Int());
  return in.ok() && in.done();
}

}  // namespace caseledger::projections
