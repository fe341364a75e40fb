// Client-side routes on the path: caseledgerd answers index.html for every page's path.
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();
addEventListener("popstate", () => listeners.forEach((l) => l()));

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, "", path);
  listeners.forEach((l) => l());
  // Screen-reader and keyboard users land on the new page's content.
  requestAnimationFrame(() => document.getElementById("main")?.focus());
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return path;
}

export function casePath(caseId: string): string {
  return `/cases/${encodeURIComponent(caseId)}`;
}
