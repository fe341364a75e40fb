// The revision a case has reached, followed without reading its content: reads of content are
// each recorded as a view, so the case page reads them again only when the case moves on.
// A compliance officer follows the case's events on the log's stream; others follow the case's
// row in their own caseload, read again as events commit.
import { useEffect, useState } from "preact/hooks";
import { caseload } from "./clients/caseload";
import { events } from "./clients/events";
import { seenPosition } from "./live";
import { useRead } from "./read";
import type { Session } from "./session";
import { maySubscribe, whose } from "./whose";

export function useCaseRevision(session: Session, caseId: string, afterPosition: bigint | undefined): bigint | undefined {
  const stream = maySubscribe(session);
  const [streamed, setStreamed] = useState<bigint | undefined>(undefined);
  useEffect(() => {
    if (!stream || afterPosition === undefined) return;
    const abort = new AbortController();
    (async () => {
      for await (const batch of events.subscribe({ caseId, afterPosition }, { signal: abort.signal, timeoutMs: 0 })) {
        const last = batch.records[batch.records.length - 1];
        if (last) setStreamed(last.streamRevision);
      }
    })().catch(() => {
      // The stream ended (the page moved on, or the server went away): the page keeps what it has.
    });
    return () => abort.abort();
  }, [stream, caseId, afterPosition !== undefined]);

  const mine = whose(session);
  const listed = useRead(
    async () => {
      if (stream) return undefined;
      const list = await caseload.listCaseload({ ...mine, pageSize: 1000, minPosition: seenPosition() });
      return list.items.find((i) => i.summary?.caseId === caseId)?.summary?.revision;
    },
    [caseId, stream],
  );
  return stream ? streamed : listed.data;
}
