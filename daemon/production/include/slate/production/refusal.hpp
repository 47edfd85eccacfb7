#pragma once
/// Why the production's log refuses a change: a kind the caller can act on, and a sentence for
/// people. The HTTP layer maps the kind to a status; the domain knows no statuses.

#include <string>

#include <slate/core/result.hpp>

namespace slate::production {

struct Refusal {
  enum class Kind {
    invalid,    ///< The request itself is wrong: a bad value, a missing field.
    not_found,  ///< No such scene, setup, take, day or clip.
    conflict,   ///< Against the log's state: a number in use, a take already cut.
    undone,     ///< The take was undone; a mark queued for it has nowhere to go.
  };
  Kind kind = Kind::invalid;
  std::string message;  ///< "there is no take 12", no final full stop.
};

template <class T>
using Outcome = core::Result<T, Refusal>;

inline Refusal invalid(std::string message) {
  return {Refusal::Kind::invalid, std::move(message)};
}
inline Refusal not_found(std::string message) {
  return {Refusal::Kind::not_found, std::move(message)};
}
inline Refusal conflict(std::string message) {
  return {Refusal::Kind::conflict, std::move(message)};
}

}  // namespace slate::production
