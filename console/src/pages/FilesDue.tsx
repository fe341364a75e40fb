// The files due for review under each worker's monitoring level, soonest first, each linked to
// the case page, where the review is recorded.
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { Rag } from "../components/Rag";
import { supervision } from "../clients/supervision";
import { day } from "../format";
import { seenPosition } from "../live";
import { useRead } from "../read";
import { casePath } from "../route";

export function FilesDue({ teamId }: { teamId: string }) {
  const read = useRead(() => supervision.listFilesDueForReview({ teamId, pageSize: 1000, minPosition: seenPosition() }), [teamId]);
  const workers = (read.data?.workers ?? []).filter((w) => w.files.length > 0);
  return (
    <section aria-labelledby="due-title" class="panel">
      <h2 id="due-title">Files due for review</h2>
      {read.problem && <ProblemNotice problem={read.problem} />}
      {read.data && workers.length === 0 && <p>No file is due for review.</p>}
      {workers.map((w) => (
        <div key={w.workerId}>
          <h3>
            {w.workerId}: {w.reviewedThisMonth} of {w.requiredThisMonth} reviewed this month
          </h3>
          <ul class="attention">
            {w.files.map((f) => (
              <li key={f.summary?.caseId}>
                <Link href={casePath(f.summary!.caseId)}>{f.summary!.caseId}</Link> <Rag rag={f.summary!.rag} /> due {day(f.dueAt)}
                {f.overdue && <strong class="flag"> overdue</strong>}: {f.why}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
