// A component whose code loads when it is first shown, so the first page carries only its own.
import { h, type ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  return function Lazy(props: P) {
    const [, setReady] = useState(false);
    useEffect(() => {
      if (!loaded) (loading ??= load().then((c) => (loaded = c))).then(() => setReady(true));
    }, []);
    return loaded ? h(loaded, props) : <p role="status">Loading…</p>;
  };
}
