#include "run_alone_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

namespace mpc {
namespace {

using namespace std::chrono_literals;

// Waits (bounded) until `done` holds; the bound only keeps a broken gate from
// hanging the test binary.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 5000 && !done(); ++i) std::this_thread::sleep_for(1ms);
  return done();
}

TEST(RunAloneGateTest, OrdinaryCellsRunSideBySideAndCountEachOther) {
  RunAloneGate gate;
  const int a = gate.enter(false);
  const int b = gate.enter(false);  // does not block: nothing alone
  const int c = gate.enter(false);
  EXPECT_EQ(gate.leave(c), 2);
  EXPECT_EQ(gate.leave(a), 2);  // b and c were beside it at once
  const int d = gate.enter(false);
  EXPECT_EQ(gate.leave(b), 2);
  EXPECT_EQ(gate.leave(d), 1);  // only b was beside it: a and c had gone
}

TEST(RunAloneGateTest, AnAloneCellWaitsForRunningCellsAndKeepsOthersOut) {
  RunAloneGate gate;
  const int ordinary = gate.enter(false);
  std::atomic<bool> alone_in{false}, later_in{false};
  int alone_beside = -1;
  std::thread alone([&] {
    const int t = gate.enter(true);
    alone_in = true;
    std::this_thread::sleep_for(20ms);
    EXPECT_FALSE(later_in);  // nothing started while it ran
    alone_beside = gate.leave(t);
  });
  ASSERT_TRUE(eventually([&] { return gate.alone_waiting() == 1; }));
  // An alone cell is waiting: a new ordinary cell must wait behind it too, though
  // only an ordinary cell runs.
  std::thread later([&] {
    const int t = gate.enter(false);
    later_in = true;
    gate.leave(t);
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(alone_in);
  EXPECT_FALSE(later_in);
  gate.leave(ordinary);
  alone.join();
  later.join();
  EXPECT_TRUE(alone_in);
  EXPECT_TRUE(later_in);
  EXPECT_EQ(alone_beside, 0);
}

// Many workers, a random mix: an alone cell never has company, every cell gets
// in, and nobody is left waiting.
TEST(RunAloneGateTest, ManyWorkersNeverShareWithAnAloneCell) {
  RunAloneGate gate;
  std::atomic<int> inside{0}, alone_inside{0}, violations{0}, finished{0};
  std::atomic<int> next{0};
  const int kCells = 400;
  std::vector<bool> alone(kCells);
  std::mt19937 rng(13);
  for (int i = 0; i < kCells; ++i) alone[i] = rng() % 5 == 0;
  auto worker = [&] {
    for (int i; (i = next++) < kCells;) {
      const int t = gate.enter(alone[i]);
      const int now = ++inside;
      if (alone[i]) ++alone_inside;
      if (alone_inside > 0 && now > 1) ++violations;
      std::this_thread::sleep_for(std::chrono::microseconds(50 + i % 7 * 30));
      if (alone_inside > 0 && inside > 1) ++violations;
      if (alone[i]) --alone_inside;
      --inside;
      const int beside = gate.leave(t);
      if (alone[i] && beside != 0) ++violations;
      ++finished;
    }
  };
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  EXPECT_EQ(violations, 0);
  EXPECT_EQ(finished, kCells);
  EXPECT_EQ(gate.alone_waiting(), 0);
}

}  // namespace
}  // namespace mpc
