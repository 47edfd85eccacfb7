// A write inside a write on the same thread is a savepoint of the outer transaction: the HTTP
// layer wraps a domain operation and its idempotency record in one transaction this way.
#include <atomic>
#include <gtest/gtest.h>
#include <stdexcept>
#include <thread>

#include <slate/catalogue/catalogue.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::catalogue {
namespace {

using testing::TempDir;

std::int64_t count_events(Catalogue& catalogue) {
  auto reader = catalogue.reader();
  auto select = reader->db().prepare("SELECT count(*) FROM events");
  select.step();
  return select.column_int(0);
}

NewEvent event_of(std::string kind) {
  NewEvent event;
  event.kind = std::move(kind);
  event.entity = "test/1";
  return event;
}

TEST(NestedWrite, CommitsWithTheOuterTransactionAndIsPublishedOnceAtItsCommit) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "c.db");
  std::vector<std::string> observed;
  std::int64_t stored_when_inner_returned = -1;
  catalogue->set_event_observer([&](const std::vector<Event>& events) {
    for (const auto& event : events) {
      observed.push_back(event.kind);
    }
  });
  catalogue->write([&](Transaction& outer) {
    outer.append(event_of("outer.before"));
    const auto inner = catalogue->write([&](Transaction& tx) {
      tx.append(event_of("inner"));
      return 7;
    });
    EXPECT_EQ(inner, 7);
    // Nothing is published or visible to other connections before the outer commit.
    EXPECT_TRUE(observed.empty());
    stored_when_inner_returned = count_events(*catalogue);
    outer.append(event_of("outer.after"));
  });
  EXPECT_EQ(stored_when_inner_returned, 0);
  EXPECT_EQ(observed, (std::vector<std::string>{"outer.before", "inner", "outer.after"}));
  EXPECT_EQ(count_events(*catalogue), 3);
}

TEST(NestedWrite, AThrowRollsBackOnlyTheInnerChangeAndItsEvents) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "c.db");
  std::vector<std::string> observed;
  catalogue->set_event_observer([&](const std::vector<Event>& events) {
    for (const auto& event : events) {
      observed.push_back(event.kind);
    }
  });
  catalogue->write([&](Transaction& outer) {
    outer.append(event_of("kept"));
    EXPECT_THROW(catalogue->write([&](Transaction& tx) {
      tx.append(event_of("dropped"));
      throw std::runtime_error("refused");
    }),
                 std::runtime_error);
    outer.append(event_of("kept.too"));
  });
  EXPECT_EQ(observed, (std::vector<std::string>{"kept", "kept.too"}));
  EXPECT_EQ(count_events(*catalogue), 2);
}

TEST(NestedWrite, AnOuterRollbackTakesTheInnerChangeWithIt) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "c.db");
  bool observed = false;
  catalogue->set_event_observer([&](const std::vector<Event>&) { observed = true; });
  EXPECT_THROW(catalogue->write([&](Transaction&) {
    catalogue->write([&](Transaction& tx) { tx.append(event_of("inner")); });
    throw std::runtime_error("the outer change fails");
  }),
               std::runtime_error);
  EXPECT_FALSE(observed);
  EXPECT_EQ(count_events(*catalogue), 0);
}

TEST(NestedWrite, AReadOnTheWritingThreadSeesTheChangeNotYetCommitted) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "c.db");
  catalogue->write([&](Transaction&) {
    catalogue->write([&](Transaction& tx) { tx.append(event_of("inner")); });
    auto lease = catalogue->lease();
    EXPECT_EQ(lease->latest_sequence(), 1);
  });
  auto lease = catalogue->lease();
  EXPECT_EQ(lease->latest_sequence(), 1);
}

TEST(NestedWrite, AnotherThreadWaitsForTheOuterTransactionInsteadOfNesting) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "c.db");
  std::atomic<bool> other_done = false;
  std::thread other;
  catalogue->write([&](Transaction& tx) {
    tx.append(event_of("first"));
    other = std::thread([&] {
      catalogue->write([&](Transaction& inner) { inner.append(event_of("second")); });
      other_done = true;
    });
    // The other thread cannot get in while this transaction is open: it is no nested write.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(other_done);
  });
  other.join();
  auto reader = catalogue->reader();
  const auto events = reader->events_after(0, 10);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, "first");
  EXPECT_EQ(events[1].kind, "second");
}

}  // namespace
}  // namespace slate::catalogue
