#include <stdexcept>

#include <slate/offload/offload.hpp>

namespace slate::offload {

const char* to_string(VerifyMode mode) {
  switch (mode) {
    case VerifyMode::full:
      return "full";
    case VerifyMode::source:
      return "source";
    case VerifyMode::none:
      return "none";
  }
  return "full";
}

std::optional<VerifyMode> parse_verify_mode(std::string_view text) {
  for (auto mode : {VerifyMode::full, VerifyMode::source, VerifyMode::none}) {
    if (text == to_string(mode)) {
      return mode;
    }
  }
  return std::nullopt;
}

const char* to_string(CopyState state) {
  switch (state) {
    case CopyState::pending:
      return "pending";
    case CopyState::copying:
      return "copying";
    case CopyState::copied:
      return "copied";
    case CopyState::verified:
      return "verified";
    case CopyState::failed:
      return "failed";
  }
  return "pending";
}

CopyState parse_copy_state(std::string_view text) {
  for (auto copy : {CopyState::pending, CopyState::copying, CopyState::copied, CopyState::verified,
                    CopyState::failed}) {
    if (text == to_string(copy)) {
      return copy;
    }
  }
  throw std::invalid_argument("unknown copy state " + std::string(text));
}

bool state::is_terminal(std::string_view state) {
  return state == finished || state == refused || state == duplicate || state == interrupted ||
         state == cancelled;
}

}  // namespace slate::offload
