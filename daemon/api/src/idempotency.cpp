#include "idempotency.hpp"

#include <cstdio>
#include <xxhash.h>

#include <slate/core/crash_point.hpp>

namespace slate::api {
namespace {

// Thrown out of the transaction to roll back a handler's change when it answers 500 or more.
struct RolledBack {
  Response response;
};

}  // namespace

std::string body_hash(const std::string& body) {
  const XXH128_hash_t hash = XXH3_128bits(body.data(), body.size());
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  return text;
}

Response Idempotency::run(const std::string& key, Request& request,
                          const Router::Handler& handler) {
  const auto hash = body_hash(request.body);
  Response response;
  try {
    response = catalogue_.write([&](catalogue::Transaction& tx) {
      auto& db = tx.db();
      auto first = db.prepare(
          "SELECT method, path, body_hash, status, body FROM idempotent_requests "
          "WHERE actor = ? AND key = ?");
      first.bind(1, request.actor).bind(2, key);
      if (first.step()) {
        const auto method = first.column_text(0);
        const auto path = first.column_text(1);
        const auto kept_hash = first.column_text(2);
        if (method != request.method || path != request.path) {
          return Response::error(422, "idempotency_key_reused",
                                 "This Idempotency-Key was used for " + method + " " + path +
                                     "; use a new key for each mutation.");
        }
        // Answers kept before bodies were hashed have none to compare.
        if (!kept_hash.empty() && kept_hash != hash) {
          return Response::error(422, "idempotency_key_reused",
                                 "This Idempotency-Key was used for " + method + " " + path +
                                     " with another body; use a new key for each mutation.");
        }
        Response replay;
        replay.status = static_cast<unsigned>(first.column_int(3));
        replay.body = first.column_text(4);
        replay.headers.emplace_back("Idempotent-Replayed", "true");
        return replay;
      }
      auto answer = handler(request);
      if (answer.status >= 500) {
        throw RolledBack{std::move(answer)};
      }
      if (!answer.file) {
        db.prepare(
              "INSERT INTO idempotent_requests (key, actor, method, path, body_hash, status, "
              "body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
              "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            .bind(1, key)
            .bind(2, request.actor)
            .bind(3, request.method)
            .bind(4, request.path)
            .bind(5, hash)
            .bind(6, static_cast<std::int64_t>(answer.status))
            .bind(7, answer.body)
            .run();
      }
      return answer;
    });
  } catch (RolledBack& failure) {
    return std::move(failure.response);
  }
  // The change and its record are committed; a crash here, before the answer leaves, is what a
  // retry with the same key must survive.
  core::crash_point("api.after_commit");
  return response;
}

std::int64_t Idempotency::forget_older_than(std::chrono::seconds age) {
  return catalogue_.write([&](catalogue::Transaction& tx) {
    // Stamps are UTC text of one fixed width: text order is time order
    // (idempotent_requests_by_age).
    tx.db()
        .prepare(
            "DELETE FROM idempotent_requests WHERE created_at < strftime('%Y-%m-%dT%H:%M:%fZ', "
            "'now', '-' || ? || ' seconds')")
        .bind(1, static_cast<std::int64_t>(age.count()))
        .run();
    return static_cast<std::int64_t>(tx.db().changes());
  });
}

}  // namespace slate::api
