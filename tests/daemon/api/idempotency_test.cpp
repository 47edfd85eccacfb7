// A mutation sent with an Idempotency-Key and the answer kept for it commit in one transaction;
// the key sent again replays that answer, and the key with another request is refused.
#include <gtest/gtest.h>

#include <slate/api/router.hpp>
#include <slate/catalogue/catalogue.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::api {
namespace {

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_ = catalogue::Catalogue::open(dir_ / "c.db");
    router_.keep_replays_in(*catalogue_);
    // A mark: one event per change, in a write of the handler's own (nested in the router's).
    router_.add("POST", "/api/v1/marks", Right::mark, [this](Request& request) {
      ++handled_;
      const auto event = catalogue_->write([&](catalogue::Transaction& tx) {
        catalogue::NewEvent mark;
        mark.kind = "mark";
        mark.entity = "take/1";
        return tx.append(std::move(mark));
      });
      if (request.body == "fail") {
        return Response::error(503, "unavailable", "the handler failed after its change");
      }
      return Response::json({{"sequence", event.sequence}, {"body", request.body}}, 201);
    });
  }

  Response send(const std::string& key, const std::string& body,
                const std::string& path = "/api/v1/marks") {
    Request request;
    request.method = "POST";
    request.path = path;
    request.body = body;
    request.actor = "device/1";
    request.headers["idempotency-key"] = key;
    return router_.dispatch(request);
  }

  std::int64_t events() {
    auto reader = catalogue_->reader();
    return reader->latest_sequence();
  }

  static bool replayed(const Response& response) {
    for (const auto& [name, value] : response.headers) {
      if (name == "Idempotent-Replayed" && value == "true") {
        return true;
      }
    }
    return false;
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  Router router_;
  int handled_ = 0;
};

TEST_F(IdempotencyTest, TheSameKeyAndBodyIsAppliedOnceAndAnsweredTheSame) {
  const auto first = send("k-1", "circled");
  const auto again = send("k-1", "circled");
  EXPECT_EQ(first.status, 201u);
  EXPECT_EQ(again.status, 201u);
  EXPECT_EQ(again.body, first.body);
  EXPECT_FALSE(replayed(first));
  EXPECT_TRUE(replayed(again));
  EXPECT_EQ(handled_, 1);
  EXPECT_EQ(events(), 1);
}

TEST_F(IdempotencyTest, TheSameKeyWithAnotherBodyIs422AndChangesNothing) {
  send("k-1", "circled");
  const auto other = send("k-1", "ng");
  EXPECT_EQ(other.status, 422u);
  EXPECT_NE(other.body.find("idempotency_key_reused"), std::string::npos) << other.body;
  EXPECT_EQ(handled_, 1);
  EXPECT_EQ(events(), 1);
}

TEST_F(IdempotencyTest, TheSameKeyOnAnotherPathIs422) {
  router_.add("POST", "/api/v1/other", Right::mark,
              [](Request&) { return Response::json({}, 201); });
  send("k-1", "circled");
  EXPECT_EQ(send("k-1", "circled", "/api/v1/other").status, 422u);
}

TEST_F(IdempotencyTest, AFailedAnswerRollsBackTheHandlersChangeAndIsNotKept) {
  // The change and the record are one transaction: a 5xx takes the change back with it, and the
  // retry runs the handler again.
  EXPECT_EQ(send("k-2", "fail").status, 503u);
  EXPECT_EQ(events(), 0);
  EXPECT_EQ(send("k-2", "fail").status, 503u);
  EXPECT_EQ(handled_, 2);
  EXPECT_EQ(events(), 0);
}

TEST_F(IdempotencyTest, TheRecordIsWrittenInTheMutationsTransaction) {
  // The event observer runs at the commit: the kept answer is already in the catalogue by then,
  // since both commit together.
  std::int64_t kept_at_commit = -1;
  catalogue_->set_event_observer([&](const std::vector<catalogue::Event>&) {
    auto reader = catalogue_->reader();
    auto select = reader->db().prepare("SELECT count(*) FROM idempotent_requests");
    select.step();
    kept_at_commit = select.column_int(0);
  });
  send("k-3", "circled");
  catalogue_->set_event_observer(nullptr);
  EXPECT_EQ(kept_at_commit, 1);
}

}  // namespace
}  // namespace slate::api
