// What must not slip: red first, then what has waited longest.
import { caseload } from "../clients/caseload";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { Rag } from "../components/Rag";
import { when } from "../format";
import { seenPosition } from "../live";
import { useRead } from "../read";
import { casePath } from "../route";
import type { Whose } from "./Caseload";

export function Attention(props: Whose) {
  const read = useRead(
    () =>
      caseload.listAttention({
        teamId: props.teamId ?? "",
        workerId: props.workerId ?? "",
        pageSize: 1000,
        minPosition: seenPosition(),
      }),
    [props.teamId, props.workerId],
  );
  const items = read.data?.items ?? [];
  // The first page (the 1000 that matter most); the total counts every case.
  const total = Math.max(read.data?.total ?? 0, items.length);
  return (
    <section aria-labelledby="attention-title" class="panel">
      <h2 id="attention-title">Needs attention ({total})</h2>
      {read.problem && <ProblemNotice problem={read.problem} />}
      {items.length < total && <p>The first {items.length} are shown.</p>}
      {read.data && items.length === 0 && <p>Nothing needs attention.</p>}
      <ul class="attention" data-testid="attention">
        {items.map((item) => (
          <li key={item.summary?.caseId}>
            <Link href={casePath(item.summary!.caseId)}>{item.summary!.caseId}</Link> <Rag rag={item.summary!.rag} />{" "}
            {item.summary!.workerId || <em>unallocated</em>}
            <ul>
              {item.reasons.map((r, i) => (
                <li key={i}>
                  {r.detail} <span class="since">since {when(r.since)}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
