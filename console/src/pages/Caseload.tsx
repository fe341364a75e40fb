// A caseload: red first, then the soonest deadline, as the server orders it.
import { useEffect, useState } from "preact/hooks";
import { caseload } from "../clients/caseload";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { Rag } from "../components/Rag";
import { day, when, words } from "../format";
import { CaseStatus } from "../gen/caseledger/v1/casework_pb";
import type { CaseloadItem } from "../gen/caseledger/v1/caseload_pb";
import { seenPosition } from "../live";
import { useRead } from "../read";
import { casePath } from "../route";

export type Whose = { workerId?: string; teamId?: string };

export function Caseload(props: Whose & { title: string; limit?: number; onShown?: () => void }) {
  // The pages read so far: their tokens, the first page's being empty.
  const [pages, setPages] = useState<string[]>([""]);
  const pageToken = pages[pages.length - 1];
  const read = useRead(
    () =>
      caseload.listCaseload({
        workerId: props.workerId ?? "",
        teamId: props.teamId ?? "",
        pageSize: props.limit ?? 1000,
        pageToken,
        minPosition: seenPosition(),
      }),
    [props.workerId, props.teamId, props.limit, pageToken],
  );
  const items = read.data?.items;
  useEffect(() => {
    // The browser tests time the first page by this mark, made once the rows are painted.
    if (items && performance.getEntriesByName("caseload-shown").length === 0) {
      performance.mark("caseload-shown", { detail: { cases: items.length } });
    }
    if (items) props.onShown?.();
  }, [items]);

  return (
    <section aria-labelledby="caseload-title" class="panel wide">
      <h2 id="caseload-title">{props.title}</h2>
      {read.problem && <ProblemNotice problem={read.problem} />}
      {read.loading && !read.data && <p role="status">Reading the caseload…</p>}
      {read.data && (
        <>
          <p class="count" data-testid="caseload-count">
            {pages.length > 1 ? `Page ${pages.length}: ` : ""}
            {items!.length} of {read.data.total} open cases
          </p>
          <div class="table-scroll">
            <table class="caseload" data-testid="caseload">
              <caption class="visually-hidden">{props.title}: one row per case</caption>
              <thead>
                <tr>
                  <th scope="col" class="c-case">Case</th>
                  <th scope="col" class="c-rag">Priority</th>
                  <th scope="col" class="c-status">Status</th>
                  {!props.workerId && (
                    <th scope="col" class="c-worker">
                      Worker
                    </th>
                  )}
                  <th scope="col" class="c-deadline">Next deadline</th>
                  <th scope="col" class="c-contact">Next contact due</th>
                  <th scope="col">Category</th>
                </tr>
              </thead>
              <tbody>
                {items!.map((item) => (
                  <Row key={item.summary?.caseId} item={item} showWorker={!props.workerId} />
                ))}
              </tbody>
            </table>
          </div>
          {(pages.length > 1 || read.data.nextPageToken) && (
            <div class="actions">
              {pages.length > 1 && (
                <button type="button" onClick={() => setPages(pages.slice(0, -1))}>
                  Previous page
                </button>
              )}
              {read.data.nextPageToken && (
                <button type="button" onClick={() => setPages([...pages, read.data!.nextPageToken])}>
                  Next page
                </button>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}

// One worker's own caseload leaves out the worker column.
function Row({ item, showWorker }: { item: CaseloadItem; showWorker: boolean }) {
  const s = item.summary!;
  return (
    <tr>
      <th scope="row">
        <Link href={casePath(s.caseId)}>{s.caseId}</Link>
      </th>
      <td>
        <Rag rag={s.rag} overridden={s.priorityOverridden} />
      </td>
      <td>{words(CaseStatus, s.status)}</td>
      {showWorker && <td>{s.workerId || <em>unallocated</em>}</td>}
      <td>
        {item.nextDeadline ? day(item.nextDeadline.dueAt) : "–"}
        {item.overdue && <span class="flag overdue"> overdue</span>}
      </td>
      <td>
        {item.contactDueBy ? when(item.contactDueBy) : "–"}
        {item.responseTimeBreached && <span class="flag breached"> breached</span>}
      </td>
      <td>{s.category}</td>
    </tr>
  );
}
