#include <charconv>

#include <slate/production/take.hpp>

namespace slate::production {

namespace {

constexpr std::string_view kStatuses[] = {"none", "circled", "hold", "ng", "false_start"};
constexpr std::string_view kKinds[] = {"normal", "pickup", "series"};

template <class Enum, std::size_t N>
std::optional<Enum> parse_enum(const std::string_view (&names)[N], std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) {
      return static_cast<Enum>(i);
    }
  }
  return std::nullopt;
}

std::optional<int> whole_number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string_view to_string(TakeStatus status) {
  return kStatuses[static_cast<std::size_t>(status)];
}
std::optional<TakeStatus> parse_take_status(std::string_view text) {
  return parse_enum<TakeStatus>(kStatuses, text);
}
std::string_view to_string(TakeKind kind) {
  return kKinds[static_cast<std::size_t>(kind)];
}
std::optional<TakeKind> parse_take_kind(std::string_view text) {
  return parse_enum<TakeKind>(kKinds, text);
}

std::string_view to_string(Undo::What what) {
  switch (what) {
    case Undo::What::roll:
      return "roll";
    case Undo::What::cut:
      return "cut";
    case Undo::What::marks:
      return "marks";
    case Undo::What::number:
      return "number";
    case Undo::What::voided:
      return "void";
    case Undo::What::restamp:
      return "restamp";
  }
  return "marks";
}

std::string TakeName::to_string() const {
  if (wild) {
    return scene + "/WT" + std::to_string(number);
  }
  return scene + "-" + setup + "/" + std::to_string(number);
}

std::optional<TakeName> TakeName::parse(std::string_view text) {
  const auto slash = text.rfind('/');
  if (slash == std::string_view::npos || slash == 0) {
    return std::nullopt;
  }
  const auto head = text.substr(0, slash);
  const auto tail = text.substr(slash + 1);
  TakeName name;
  if (tail.starts_with("WT")) {
    const auto number = whole_number(tail.substr(2));
    if (!number || head.find('-') != std::string_view::npos) {
      return std::nullopt;
    }
    name.scene = std::string(head);
    name.number = *number;
    name.wild = true;
    return name;
  }
  const auto dash = head.find('-');
  const auto number = whole_number(tail);
  if (!number || dash == std::string_view::npos || dash == 0 || dash + 1 == head.size() ||
      head.find('-', dash + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  name.scene = std::string(head.substr(0, dash));
  name.setup = std::string(head.substr(dash + 1));
  name.number = *number;
  return name;
}

}  // namespace slate::production
