#include "domain/personal_fields.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "caseledger/v1/options.pb.h"

namespace caseledger::domain {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsPersonal(const FieldDescriptor& field) {
  return field.cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
         field.options().GetExtension(v1::personal);
}

// One personal string in a message: a singular field (index -1) or a repeated element.
struct Slot {
  Message* message;
  const FieldDescriptor* field;
  int index;

  std::string Get() const {
    const Reflection& r = *message->GetReflection();
    return index < 0 ? r.GetString(*message, field) : r.GetRepeatedString(*message, field, index);
  }
  void Set(std::string value) const {
    const Reflection& r = *message->GetReflection();
    if (index < 0) {
      r.SetString(message, field, std::move(value));
    } else {
      r.SetRepeatedString(message, field, index, std::move(value));
    }
  }
};

template <typename Visit>
void ForEachPersonal(Message& message, const std::string& prefix, Visit& visit) {
  const Reflection& r = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r.ListFields(message, &fields);  // set fields, by number
  for (const FieldDescriptor* field : fields) {
    const std::string path =
        prefix.empty() ? absl::StrCat(field->number()) : absl::StrCat(prefix, ".", field->number());
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < r.FieldSize(message, field); ++i) {
          ForEachPersonal(*r.MutableRepeatedMessage(&message, field, i),
                          absl::StrCat(path, "[", i, "]"), visit);
        }
      } else {
        ForEachPersonal(*r.MutableMessage(&message, field), path, visit);
      }
    } else if (IsPersonal(*field)) {
      if (field->is_repeated()) {
        for (int i = 0; i < r.FieldSize(message, field); ++i) {
          visit(absl::StrCat(path, "[", i, "]"), Slot{&message, field, i});
        }
      } else {
        visit(path, Slot{&message, field, -1});
      }
    }
  }
}

// "13" -> (13, -1); "4[1]" -> (4, 1).
bool ParseStep(absl::string_view step, int& number, int& index) {
  index = -1;
  const size_t open = step.find('[');
  if (open != absl::string_view::npos) {
    if (step.back() != ']' ||
        !absl::SimpleAtoi(step.substr(open + 1, step.size() - open - 2), &index) || index < 0) {
      return false;
    }
    step = step.substr(0, open);
  }
  return absl::SimpleAtoi(step, &number);
}

absl::StatusOr<Slot> Resolve(Message& top, const std::string& path) {
  auto bad = [&] {
    return absl::DataLossError(
        absl::StrCat("personal field path '", path, "' does not fit the event"));
  };
  Message* message = &top;
  std::vector<absl::string_view> steps = absl::StrSplit(path, '.');
  for (size_t s = 0; s < steps.size(); ++s) {
    int number = 0;
    int index = -1;
    if (!ParseStep(steps[s], number, index)) return bad();
    const FieldDescriptor* field = message->GetDescriptor()->FindFieldByNumber(number);
    if (field == nullptr || field->is_repeated() != (index >= 0)) return bad();
    const Reflection& r = *message->GetReflection();
    if (field->is_repeated() && index >= r.FieldSize(*message, field)) return bad();
    const bool last = s + 1 == steps.size();
    if (last) {
      if (!IsPersonal(*field)) return bad();
      return Slot{message, field, index};
    }
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return bad();
    message = index < 0 ? r.MutableMessage(message, field)
                        : r.MutableRepeatedMessage(message, field, index);
  }
  return bad();
}

}  // namespace

std::vector<PersonalValue> TakePersonal(Message& message) {
  std::vector<PersonalValue> taken;
  auto take = [&](const std::string& path, const Slot& slot) {
    std::string value = slot.Get();
    if (value.empty()) return;
    slot.Set("");
    taken.push_back({path, std::move(value)});
  };
  ForEachPersonal(message, "", take);
  return taken;
}

absl::Status PutPersonal(Message& message, const std::vector<PersonalValue>& values) {
  for (const PersonalValue& value : values) {
    absl::StatusOr<Slot> slot = Resolve(message, value.path);
    if (!slot.ok()) return slot.status();
    slot->Set(value.value);
  }
  return absl::OkStatus();
}

void ErasePersonal(Message& message) {
  auto erase = [](const std::string&, const Slot& slot) {
    if (!slot.Get().empty()) slot.Set(kErased);
  };
  ForEachPersonal(message, "", erase);
}

}  // namespace caseledger::domain
