#pragma once

#include "absl/time/time.h"
#include "caseledger/v1/policy.pb.h"

namespace caseledger::domain {

// Counts working days in an organisation's calendar: its time zone, its non-working
// weekdays and its holidays.
class WorkingCalendar {
 public:
  // An unknown time zone falls back to UTC.
  explicit WorkingCalendar(const v1::WorkingCalendar& calendar);

  bool IsWorkingDay(absl::CivilDay day) const;

  // The end (midnight after) of the `days`-th working day after `from`'s day. With 0,
  // the end of `from`'s own day if it is a working day, else of the next working day.
  // "Contact within 1 working day" of a Friday afternoon is due by Monday midnight.
  absl::Time DueBy(absl::Time from, int days) const;

  // Whole working days after `from`'s day up to and including `to`'s day.
  int WorkingDaysBetween(absl::Time from, absl::Time to) const;

 private:
  absl::TimeZone zone_;
  bool non_working_[8] = {};              // by absl weekday number 1..7 (Monday..Sunday)
  std::vector<absl::CivilDay> holidays_;  // sorted
};

}  // namespace caseledger::domain
