#pragma once
/// Reading a running slated's API from a test, and waiting for a state it reaches by itself (a
/// card noticed, an offload ended) without sleeping a fixed time.

#include <chrono>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>

namespace slate::testing {

/// GET `target` with the daemon's admin token, its body parsed.
inline nlohmann::json get_json(DaemonUnderTest& daemon, const std::string& target) {
  return nlohmann::json::parse(
      body_of(raw_http(daemon.port(), get_request(target, daemon.token()))));
}

/// Asks `target` until `done` holds of the answer, for at most `limit`: a stuck daemon fails the
/// test (with the last answer and what slated logged), never hangs it.
template <class Check>
nlohmann::json wait_for_json(DaemonUnderTest& daemon, const std::string& target, Check done,
                             std::chrono::milliseconds limit = std::chrono::minutes(2)) {
  constexpr auto kPause = std::chrono::milliseconds(50);
  nlohmann::json answer;
  for (auto waited = std::chrono::milliseconds(0); waited < limit; waited += kPause) {
    answer = get_json(daemon, target);
    if (done(answer)) {
      return answer;
    }
    std::this_thread::sleep_for(kPause);
  }
  ADD_FAILURE() << target << " never reached the state waited for; last: " << answer.dump()
                << "\nslated said:\n"
                << daemon.process().stderr_text();
  return answer;
}

}  // namespace slate::testing
