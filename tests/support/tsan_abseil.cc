// Linked into every binary of the ThreadSanitizer build (scripts/build --sanitize thread) only.
//
// Debian's Abseil is built without ThreadSanitizer, so TSan sees none of the ordering that an
// absl::Mutex or absl::Notification gives: every access guarded by one would be reported as a
// race. These definitions take the place of the library's (a program's own symbols come first),
// call the library's own, and tell TSan what each one orders: a lock acquires what the last
// unlock released, a condition variable's wait releases before it waits and acquires when it
// returns, a notification's waiters acquire what Notify released.
//
// The library evaluates a waiter's Condition on whichever thread unlocks, at moments no
// annotation from outside can mark. So here an await (Await, LockWhen and their timed forms)
// evaluates its condition itself, on the waiting thread with the lock held, and between tries
// unlocks and sleeps a little: slower, but every access TSan sees is where it happens.

#include <dlfcn.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);

namespace {

// The library's definition of `symbol` (a mangled name), found once.
template <typename Function>
Function Library(const char* symbol) {
  void* found = dlsym(RTLD_NEXT, symbol);
  if (found == nullptr) {
    std::fprintf(stderr, "tsan_abseil: %s is not in Abseil's library\n", symbol);
    std::abort();
  }
  return reinterpret_cast<Function>(found);
}

void Acquire(const void* address) { __tsan_acquire(const_cast<void*>(address)); }
void Release(const void* address) { __tsan_release(const_cast<void*>(address)); }

// Waits, holding `mu`, until `cond` holds or `deadline` passes; true when it holds. Between
// tries it lets go of `mu` and sleeps, a little longer each time (at most a millisecond).
bool AwaitHolding(absl::Mutex& mu, const absl::Condition& cond, absl::Time deadline) {
  long pause_ns = 1000;
  while (!cond.Eval()) {
    if (absl::Now() >= deadline) return false;
    mu.Unlock();
    timespec pause{0, pause_ns};
    nanosleep(&pause, nullptr);
    pause_ns = std::min(pause_ns * 2, 1000000L);
    mu.Lock();
  }
  return true;
}

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

void Mutex::Lock() {
  static auto library = Library<void (*)(Mutex*)>("_ZN4absl7debian35Mutex4LockEv");
  library(this);
  Acquire(this);
}

void Mutex::ReaderLock() {
  static auto library = Library<void (*)(Mutex*)>("_ZN4absl7debian35Mutex10ReaderLockEv");
  library(this);
  Acquire(this);
}

bool Mutex::TryLock() {
  static auto library = Library<bool (*)(Mutex*)>("_ZN4absl7debian35Mutex7TryLockEv");
  const bool locked = library(this);
  if (locked) Acquire(this);
  return locked;
}

bool Mutex::ReaderTryLock() {
  static auto library = Library<bool (*)(Mutex*)>("_ZN4absl7debian35Mutex13ReaderTryLockEv");
  const bool locked = library(this);
  if (locked) Acquire(this);
  return locked;
}

void Mutex::Unlock() {
  static auto library = Library<void (*)(Mutex*)>("_ZN4absl7debian35Mutex6UnlockEv");
  Release(this);
  library(this);
}

void Mutex::ReaderUnlock() {
  static auto library = Library<void (*)(Mutex*)>("_ZN4absl7debian35Mutex12ReaderUnlockEv");
  Release(this);
  library(this);
}

void Mutex::LockWhen(const Condition& cond) {
  Lock();
  AwaitHolding(*this, cond, absl::InfiniteFuture());
}

bool Mutex::LockWhenWithTimeout(const Condition& cond, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  Lock();
  return AwaitHolding(*this, cond, deadline);
}

bool Mutex::LockWhenWithDeadline(const Condition& cond, absl::Time deadline) {
  Lock();
  return AwaitHolding(*this, cond, deadline);
}

void Mutex::Await(const Condition& cond) { AwaitHolding(*this, cond, absl::InfiniteFuture()); }

bool Mutex::AwaitWithTimeout(const Condition& cond, absl::Duration timeout) {
  return AwaitHolding(*this, cond, absl::Now() + timeout);
}

bool Mutex::AwaitWithDeadline(const Condition& cond, absl::Time deadline) {
  return AwaitHolding(*this, cond, deadline);
}

void CondVar::Wait(Mutex* mu) {
  static auto library =
      Library<void (*)(CondVar*, Mutex*)>("_ZN4absl7debian37CondVar4WaitEPNS0_5MutexE");
  Release(mu);
  library(this, mu);
  Acquire(mu);
}

bool CondVar::WaitWithTimeout(Mutex* mu, absl::Duration timeout) {
  static auto library = Library<bool (*)(CondVar*, Mutex*, absl::Duration)>(
      "_ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE");
  Release(mu);
  const bool timed_out = library(this, mu, timeout);
  Acquire(mu);
  return timed_out;
}

bool CondVar::WaitWithDeadline(Mutex* mu, absl::Time deadline) {
  static auto library = Library<bool (*)(CondVar*, Mutex*, absl::Time)>(
      "_ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  Release(mu);
  const bool timed_out = library(this, mu, deadline);
  Acquire(mu);
  return timed_out;
}

void Notification::Notify() {
  static auto library = Library<void (*)(Notification*)>("_ZN4absl7debian312Notification6NotifyEv");
  Release(this);
  library(this);
}

void Notification::WaitForNotification() const {
  static auto library = Library<void (*)(const Notification*)>(
      "_ZNK4absl7debian312Notification19WaitForNotificationEv");
  library(this);
  Acquire(this);
}

bool Notification::WaitForNotificationWithTimeout(absl::Duration timeout) const {
  static auto library = Library<bool (*)(const Notification*, absl::Duration)>(
      "_ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_8DurationE");
  const bool notified = library(this, timeout);
  if (notified) Acquire(this);
  return notified;
}

bool Notification::WaitForNotificationWithDeadline(absl::Time deadline) const {
  static auto library = Library<bool (*)(const Notification*, absl::Time)>(
      "_ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE");
  const bool notified = library(this, deadline);
  if (notified) Acquire(this);
  return notified;
}

ABSL_NAMESPACE_END
}  // namespace absl
