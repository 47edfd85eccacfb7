#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <slate/api/event_hub.hpp>
#include <slate/catalogue/catalogue.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::api {
namespace {

std::vector<std::int64_t> sequences(const std::vector<StreamedEvent>& events) {
  std::vector<std::int64_t> result;
  for (const auto& event : events) {
    result.push_back(event.sequence);
  }
  return result;
}

class EventHubTest : public ::testing::Test {
 protected:
  void append(int count) {
    catalogue_->write([&](catalogue::Transaction& tx) {
      for (int i = 0; i < count; ++i) {
        tx.append({"test.event", "", {}, "test", std::nullopt});
      }
    });
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_ = catalogue::Catalogue::open(dir_ / "c.db");
};

TEST_F(EventHubTest, ServesRecentEventsFromMemoryAndOlderOnesFromTheCatalogue) {
  append(10);  // Before the hub: only in the catalogue.
  EventHub hub(catalogue_->reader(), 4);
  EXPECT_EQ(hub.latest(), 10);
  catalogue_->set_event_observer([&](const auto& events) { hub.publish(events); });
  append(6);  // 11..16; memory keeps the last 4.

  EXPECT_EQ(sequences(hub.after(0, 3)), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(sequences(hub.after(9, 100)).size(), 7u);
  EXPECT_EQ(sequences(hub.after(13, 100)), (std::vector<std::int64_t>{14, 15, 16}));
  EXPECT_TRUE(hub.after(16, 100).empty());
  EXPECT_EQ(hub.latest(), 16);
}

TEST_F(EventHubTest, PagingFromAnyPointGivesEverySequenceOnceInOrder) {
  EventHub hub(catalogue_->reader(), 50);
  catalogue_->set_event_observer([&](const auto& events) { hub.publish(events); });
  for (int i = 0; i < 30; ++i) {
    append(7);
  }
  for (std::int64_t start : {0, 1, 100, 159, 160, 209}) {
    std::vector<std::int64_t> seen;
    std::int64_t after = start;
    while (true) {
      const auto page = hub.after(after, 13);
      if (page.empty()) {
        break;
      }
      for (const auto& event : page) {
        seen.push_back(event.sequence);
      }
      after = page.back().sequence;
    }
    ASSERT_EQ(seen.size(), static_cast<std::size_t>(210 - start)) << "from " << start;
    for (std::size_t i = 0; i < seen.size(); ++i) {
      ASSERT_EQ(seen[i], start + 1 + static_cast<std::int64_t>(i));
    }
  }
}

// 500 tablets reading the same event must not cost 500 copies of it.
TEST_F(EventHubTest, EveryReaderGetsTheSameSerialisedTextOfAnEvent) {
  EventHub hub(catalogue_->reader());
  catalogue_->set_event_observer([&](const auto& events) { hub.publish(events); });
  append(3);
  const auto first = hub.after(0, 10);
  const auto second = hub.after(1, 10);
  ASSERT_EQ(first.size(), 3u);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(first[1].text.get(), second[0].text.get());
  const auto json = nlohmann::json::parse(*first[0].text);
  EXPECT_EQ(json["type"], "event");
  EXPECT_EQ(json["seq"], 1);
}

TEST_F(EventHubTest, ReadsNoMoreBytesThanAskedButAlwaysOneEvent) {
  EventHub hub(catalogue_->reader(), 4);
  catalogue_->set_event_observer([&](const auto& events) { hub.publish(events); });
  catalogue_->write([&](catalogue::Transaction& tx) {
    for (int i = 0; i < 8; ++i) {
      tx.append({"test.event", "", R"({"data": ")" + std::string(1000, 'x') + R"("})", "test",
                 std::nullopt});
    }
  });
  const auto size = hub.after(7, 1)[0].text->size();
  EXPECT_EQ(hub.after(5, 100, 2 * size).size(), 2u);  // from memory
  EXPECT_EQ(hub.after(0, 100, 3 * size).size(), 3u);  // from the catalogue
  EXPECT_EQ(hub.after(0, 100, 1).size(), 1u);
  EXPECT_EQ(hub.after(5, 100, 1).size(), 1u);
}

class CountingSubscriber : public EventSubscriber {
 public:
  explicit CountingSubscriber(std::string who = "cli") : who_(std::move(who)) {}
  void on_events_available() override {
    ++notified;
    told.push_back("stored");
  }
  void on_live_event(const StreamedEvent& event) override { told.push_back(*event.text); }
  void close(std::string why) override { reason = std::move(why); }
  void refuse(std::string why) override { refused = std::move(why); }
  const std::string& actor() const override { return who_; }
  int notified = 0;
  std::vector<std::string> told;  ///< "stored" for each notice of stored events; live events' text
  std::string reason;
  std::string refused;

 private:
  std::string who_;
};

TEST_F(EventHubTest, TellsLiveSubscribersAndForgetsGoneOnes) {
  EventHub hub(catalogue_->reader());
  catalogue_->set_event_observer([&](const auto& events) { hub.publish(events); });
  auto staying = std::make_shared<CountingSubscriber>();
  auto leaving = std::make_shared<CountingSubscriber>();
  hub.subscribe(staying);
  hub.subscribe(leaving);
  append(1);
  leaving.reset();
  append(1);
  EXPECT_EQ(staying->notified, 2);
  EXPECT_EQ(hub.subscriber_count(), 1u);
  hub.close_all("going away");
  EXPECT_EQ(staying->reason, "going away");
}

TEST_F(EventHubTest, AnnouncedEventsAreToldLiveInCommitOrderAndNeverKept) {
  append(2);
  EventHub hub(catalogue_->reader());
  catalogue_->set_event_observer([&](const auto& events) { hub.publish(events); });
  auto tablet = std::make_shared<CountingSubscriber>();
  hub.subscribe(tablet);
  catalogue_->write([&](catalogue::Transaction& tx) {
    tx.append({"test.event", "", {}, "test", std::nullopt});
    catalogue_->announce({"offload.progress", "offload/1", R"({"id": 1})", "daemon", std::nullopt});
    tx.append({"test.event", "", {}, "test", std::nullopt});
  });
  catalogue_->announce({"offload.progress", "offload/1", R"({"id": 1})", "daemon", std::nullopt});

  ASSERT_EQ(tablet->told.size(), 4u);
  EXPECT_EQ(tablet->told[0], "stored");
  EXPECT_EQ(tablet->told[2], "stored");
  for (const auto index : {1, 3}) {
    const auto live = nlohmann::json::parse(tablet->told[static_cast<std::size_t>(index)]);
    EXPECT_EQ(live["type"], "event");
    EXPECT_EQ(live["kind"], "offload.progress");
    EXPECT_TRUE(live["seq"].is_null()) << live.dump();
    EXPECT_EQ(live["payload"]["id"], 1);
  }
  // Not in memory, not in the catalogue: a replay from 0 holds the stored events only, 1 to 4.
  EXPECT_EQ(hub.latest(), 4);
  EXPECT_EQ(sequences(hub.after(0, 100)), (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(catalogue_->reader()->events_after(0, 100).size(), 4u);
}

TEST_F(EventHubTest, AnAnnouncementInAWriteThatRollsBackIsNeverTold) {
  EventHub hub(catalogue_->reader());
  catalogue_->set_event_observer([&](const auto& events) { hub.publish(events); });
  auto tablet = std::make_shared<CountingSubscriber>();
  hub.subscribe(tablet);
  EXPECT_THROW(catalogue_->write([&](catalogue::Transaction&) {
    catalogue_->announce({"offload.progress", "offload/1", "{}", "daemon", std::nullopt});
    throw std::runtime_error("changed its mind");
  }),
               std::runtime_error);
  EXPECT_TRUE(tablet->told.empty());
}

TEST_F(EventHubTest, RefusesOnlyTheRevokedDevicesStreams) {
  EventHub hub(catalogue_->reader());
  auto revoked = std::make_shared<CountingSubscriber>("device/7");
  auto also_revoked = std::make_shared<CountingSubscriber>("device/7");
  auto other = std::make_shared<CountingSubscriber>("device/17");
  hub.subscribe(revoked);
  hub.subscribe(also_revoked);
  hub.subscribe(other);
  hub.close_actor("device/7", "revoked");
  EXPECT_EQ(revoked->refused, "revoked");
  EXPECT_EQ(also_revoked->refused, "revoked");
  EXPECT_EQ(other->refused, "");
  EXPECT_EQ(other->reason, "");
}

}  // namespace
}  // namespace slate::api
