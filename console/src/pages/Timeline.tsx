// Every event of a case, oldest first: who in which role, when it occurred and when it was
// recorded, why, and the hash that chains it to the log.
import { audit } from "../clients/audit";
import { eventName, eventWhy } from "../events";
import { hex, when } from "../format";
import type { HistoryEntry } from "../gen/caseledger/v1/audit_pb";

export async function wholeHistory(caseId: string): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let from = 1n;
  do {
    const page = await audit.getCaseHistory({ caseId, fromRevision: from, pageSize: 1000 });
    entries.push(...page.entries);
    from = page.nextRevision;
  } while (from !== 0n);
  return entries;
}

export function Timeline({ history }: { history: HistoryEntry[] }) {
  return (
    <section aria-labelledby="timeline-title" class="panel wide">
      <h2 id="timeline-title">Timeline ({history.length} events)</h2>
      {(
        <ol class="timeline" data-testid="timeline">
          {history.map((e) => {
            const r = e.record!;
            const hash = hex(r.hash);
            return (
              <li key={r.streamRevision.toString()} data-type={r.type}>
                <div class="what">
                  <span class="revision">{r.streamRevision.toString()}</span> <strong>{eventName(e.event)}</strong> by{" "}
                  {r.metadata?.actor} <span class="role">({r.metadata?.actorRole.replace(/_/g, " ")})</span>
                </div>
                <dl>
                  <dt>Occurred</dt>
                  <dd>{when(r.metadata?.occurredAt)}</dd>
                  <dt>Recorded</dt>
                  <dd>{when(r.metadata?.recordedAt)}</dd>
                  {eventWhy(e.event) && (
                    <>
                      <dt>Why</dt>
                      <dd class="why">{eventWhy(e.event)}</dd>
                    </>
                  )}
                  <dt>Hash</dt>
                  <dd>
                    <code class="hash" title={hash} data-hash={hash}>
                      {hash.slice(0, 16)}…
                    </code>{" "}
                    at position {r.position.toString()}
                  </dd>
                </dl>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
