#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <slate/api/http.hpp>
#include <slate/api/router.hpp>
#include <slate/catalogue/catalogue.hpp>

namespace slate::api {

/// Runs a mutation sent with an Idempotency-Key and keeps its answer in the same transaction, so
/// that a crash after the commit and a retry with the same key apply the change once, and a key
/// sent again with another request is refused.
class Idempotency {
 public:
  explicit Idempotency(catalogue::Catalogue& catalogue) : catalogue_(catalogue) {}

  /// The first answer to this key by this actor when there is one (marked Idempotent-Replayed),
  /// a 422 when the key was used for another method, path or body, else the handler's answer,
  /// kept unless it is a 500 or more (whose changes are rolled back: a failure may be retried).
  Response run(const std::string& key, Request& request, const Router::Handler& handler);

  /// Forgets the answers kept longer than `age`: keys are for retries, not for ever. Returns how
  /// many were forgotten.
  std::int64_t forget_older_than(std::chrono::seconds age);

 private:
  catalogue::Catalogue& catalogue_;
};

/// The hash an idempotency record keeps of a request body (hex).
std::string body_hash(const std::string& body);

}  // namespace slate::api
