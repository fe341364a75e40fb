// Reading from the server into a component: the answer, or the problem, and live re-reads.
import { useCallback, useLayoutEffect, useRef, useState } from "preact/hooks";
import { problemOf, type Problem } from "./errors";
import { useLive } from "./live";

export type Read<T> = {
  data?: T;
  problem?: Problem;
  loading: boolean;
  reload: () => void;
};

// `read` is called again when `deps` change, and as events commit when `live`.
export function useRead<T>(read: () => Promise<T>, deps: unknown[], live = true): Read<T> {
  const [state, setState] = useState<{ data?: T; problem?: Problem; loading: boolean }>({
    loading: true,
  });
  const latest = useRef(0);
  const inFlight = useRef(false);
  const load = useCallback(() => {
    // A slow server is not asked again until it has answered.
    if (inFlight.current) return;
    inFlight.current = true;
    const n = ++latest.current;
    read().then(
      (data) => n === latest.current && setState({ data, loading: false, problem: undefined }),
      (error) => n === latest.current && setState((s) => ({ ...s, problem: problemOf(error), loading: false })),
    ).finally(() => (inFlight.current = false));
  }, deps);
  // Asked as soon as the component is in the page, not a frame later.
  useLayoutEffect(() => {
    inFlight.current = false;
    // What was read stays on screen until the new answer replaces it.
    setState((s) => ({ ...s, loading: true }));
    load();
  }, [load]);
  useLive(() => live && load());
  return { ...state, reload: load };
}
