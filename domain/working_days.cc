#include "domain/working_days.h"

#include <algorithm>

#include "absl/time/civil_time.h"

namespace caseledger::domain {
namespace {

int WeekdayNumber(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday:
      return 1;
    case absl::Weekday::tuesday:
      return 2;
    case absl::Weekday::wednesday:
      return 3;
    case absl::Weekday::thursday:
      return 4;
    case absl::Weekday::friday:
      return 5;
    case absl::Weekday::saturday:
      return 6;
    case absl::Weekday::sunday:
      return 7;
  }
  return 1;
}

}  // namespace

WorkingCalendar::WorkingCalendar(const v1::WorkingCalendar& calendar) {
  if (!absl::LoadTimeZone(calendar.time_zone(), &zone_)) zone_ = absl::UTCTimeZone();
  for (uint32_t day : calendar.non_working_weekdays()) {
    if (day >= 1 && day <= 7) non_working_[day] = true;
  }
  for (const std::string& text : calendar.holidays()) {
    absl::CivilDay day;
    if (absl::ParseCivilTime(text, &day)) holidays_.push_back(day);
  }
  std::sort(holidays_.begin(), holidays_.end());
}

bool WorkingCalendar::IsWorkingDay(absl::CivilDay day) const {
  return !non_working_[WeekdayNumber(day)] &&
         !std::binary_search(holidays_.begin(), holidays_.end(), day);
}

absl::Time WorkingCalendar::DueBy(absl::Time from, int days) const {
  absl::CivilDay day = absl::ToCivilDay(from, zone_);
  // A calendar with no working day at all would never end: stop after ten years.
  int guard = 3660;
  if (days == 0) {
    while (!IsWorkingDay(day) && guard-- > 0) day += 1;
  } else {
    for (int counted = 0; counted < days && guard-- > 0;) {
      day += 1;
      if (IsWorkingDay(day)) ++counted;
    }
  }
  return absl::FromCivil(day + 1, zone_);
}

int WorkingCalendar::WorkingDaysBetween(absl::Time from, absl::Time to) const {
  absl::CivilDay day = absl::ToCivilDay(from, zone_);
  const absl::CivilDay last = absl::ToCivilDay(to, zone_);
  int count = 0;
  for (int guard = 0; day < last && guard < 36600; ++guard) {
    day += 1;
    if (IsWorkingDay(day)) ++count;
  }
  return count;
}

}  // namespace caseledger::domain
