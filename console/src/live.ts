// Keeps what is on screen current: every list re-reads as events commit. A command the console
// sent moves every list on at once, reading at least up to its position (min_position), so you
// see your own change; other people's changes arrive with the next re-read, every few seconds
// while the page is in view. (Events.Subscribe, the log's stream, is for compliance officers
// only, so it cannot be what every role's lists follow.)
import { useEffect, useRef } from "preact/hooks";

const everyMs = 4000;
const listeners = new Set<() => void>();
let position = 0n;

// The log position the views must include: the last command this console sent.
export function seenPosition(): bigint {
  return position;
}

// Tells every list on screen that a command committed at `at`.
export function committed(at: bigint): void {
  if (at > position) position = at;
  listeners.forEach((l) => l());
}

// Calls `reload` whenever the lists should be read again.
export function useLive(reload: () => void): void {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === "visible") latest.current();
    };
    listeners.add(tick);
    const timer = setInterval(tick, everyMs);
    document.addEventListener("visibilitychange", tick);
    return () => {
      listeners.delete(tick);
      clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
    };
  }, []);
}
