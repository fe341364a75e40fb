// The fold cache: states handed out never change, and a fold no one holds is brought up to
// date in place rather than copied.

#include "app/stream_cache.h"

#include <atomic>
#include <thread>

#include "eventstore/memory_store.h"
#include "gtest/gtest.h"

namespace caseledger::app {
namespace {

struct Count {
  int events = 0;
  int read = 0;  // of them, read back from the store
};

class StreamCacheTest : public ::testing::Test {
 protected:
  StreamCacheTest() {
    store_ = std::make_unique<eventstore::MemoryStore>();
    cache_ = std::make_unique<StreamCache<Count>>(
        *store_, [](absl::string_view) { return Count(); },
        [](Count& c, const v1::EventRecord&) {
          ++c.events;
          ++c.read;
          return absl::OkStatus();
        });
  }

  bool Append(int n) {
    for (int i = 0; i < n; ++i) {
      eventstore::AppendRequest request;
      request.stream_id = "s";
      eventstore::ProposedEvent event;
      event.type = "Counted";
      event.payload = "x";
      request.events.push_back(std::move(event));
      if (!store_->Append(std::move(request)).ok()) return false;
    }
    return true;
  }

  std::unique_ptr<eventstore::MemoryStore> store_;
  std::unique_ptr<StreamCache<Count>> cache_;
};

TEST_F(StreamCacheTest, AHeldStateNeverChangesAndAReleasedOneIsUpdatedInPlace) {
  ASSERT_TRUE(Append(3));
  auto held = *cache_->Load("s");
  EXPECT_EQ(held->state.events, 3);
  ASSERT_TRUE(Append(2));
  auto next = *cache_->Load("s");
  EXPECT_EQ(next->state.events, 5);
  EXPECT_EQ(held->state.events, 3) << "a state handed out never changes";
  EXPECT_EQ(held->revision, 3u);
  EXPECT_NE(held.get(), next.get());

  const Folded<Count>* address = next.get();
  held.reset();
  next.reset();
  ASSERT_TRUE(Append(4));
  auto updated = *cache_->Load("s");
  EXPECT_EQ(updated->state.events, 9);
  EXPECT_EQ(updated.get(), address) << "no one held it: updated in place, not copied";
}

TEST_F(StreamCacheTest, AnAppendersOwnEventsAreFoldedInWithoutReadingThemBack) {
  auto add_one = [](Count& c) { ++c.events; };
  ASSERT_TRUE(Append(2));
  EXPECT_EQ((*cache_->Load("s"))->state.read, 2);

  ASSERT_TRUE(Append(1));
  cache_->Advance("s", 2, 3, add_one);
  auto loaded = *cache_->Load("s");
  EXPECT_EQ(loaded->revision, 3u);
  EXPECT_EQ(loaded->state.events, 3);
  EXPECT_EQ(loaded->state.read, 2) << "the appender's event was folded in, not read back";

  ASSERT_TRUE(Append(1));
  cache_->Advance("s", 2, 4, add_one);  // not where the fold is: ignored
  EXPECT_EQ(loaded->state.events, 3) << "a state handed out never changes";
  auto caught_up = *cache_->Load("s");
  EXPECT_EQ(caught_up->state.events, 4);
  EXPECT_EQ(caught_up->state.read, 3) << "the load read what Advance did not fold in";

  ASSERT_TRUE(Append(1));
  cache_->Advance("s", 4, 5, add_one);
  EXPECT_EQ(caught_up->state.events, 4) << "a held state is left alone";
  auto after_held = *cache_->Load("s");
  EXPECT_EQ(after_held->state.events, 5);
  EXPECT_EQ(after_held->state.read, 4) << "the event Advance left was read back";
}

TEST_F(StreamCacheTest, AStreamLoadedBeforeItsFirstEventGetsItsEventsLater) {
  auto empty = *cache_->Load("s");
  EXPECT_EQ(empty->revision, 0u);
  EXPECT_EQ(empty->state.events, 0);
  ASSERT_TRUE(Append(2));
  auto loaded = *cache_->Load("s");
  EXPECT_EQ(loaded->revision, 2u);
  EXPECT_EQ(loaded->state.events, 2);
  EXPECT_EQ(empty->state.events, 0) << "a state handed out never changes";
}

TEST_F(StreamCacheTest, ConcurrentLoadsOfOneStreamAgree) {
  std::vector<std::thread> threads;
  std::atomic<bool> bad{false};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (t == 0 && !Append(1)) bad = true;
        auto folded = cache_->Load("s");
        if (!folded.ok() || (*folded)->state.events != static_cast<int>((*folded)->revision)) {
          bad = true;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_FALSE(bad) << "every fold holds exactly the events up to its revision";
  EXPECT_EQ((*cache_->Load("s"))->state.events, 200);
}

}  // namespace
}  // namespace caseledger::app
