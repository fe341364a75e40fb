// The bring-forward diary: missed deadlines first, then what is due in the next two weeks.
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { caseload } from "../clients/caseload";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { millis, when, words } from "../format";
import { DeadlineKind } from "../gen/caseledger/v1/casework_pb";
import { seenPosition } from "../live";
import { useRead } from "../read";
import { casePath } from "../route";
import type { Whose } from "./Caseload";

const fortnight = 14 * 24 * 3600 * 1000;

export function Diary(props: Whose) {
  const read = useRead(() => {
    const now = Date.now();
    return caseload.listDiary({
      workerId: props.workerId ?? "",
      teamId: props.teamId ?? "",
      from: timestampFromDate(new Date(now)),
      to: timestampFromDate(new Date(now + fortnight)),
      includeMissed: true,
      pageSize: 1000,
      minPosition: seenPosition(),
    });
  }, [props.workerId, props.teamId]);
  const entries = [...(read.data?.entries ?? [])].sort(
    (a, b) => Number(b.missed) - Number(a.missed) || millis(a.deadline?.dueAt) - millis(b.deadline?.dueAt),
  );
  return (
    <section aria-labelledby="diary-title" class="panel">
      <h2 id="diary-title">Diary: missed, then the next 14 days</h2>
      {read.problem && <ProblemNotice problem={read.problem} />}
      {read.data && entries.length === 0 && <p>Nothing due and nothing missed.</p>}
      {read.data && entries.length < read.data.total && (
        <p>
          The soonest {entries.length} of {read.data.total} are shown.
        </p>
      )}
      {entries.length > 0 && (
        <ol class="diary" data-testid="diary">
          {entries.map((e) => (
            <li key={`${e.caseId}/${e.deadline?.deadlineId}`} class={e.missed ? "missed" : ""}>
              {e.missed && <span class="flag overdue">Missed</span>}{" "}
              <time>{when(e.deadline?.dueAt)}</time> <Link href={casePath(e.caseId)}>{e.caseId}</Link>{" "}
              <span class="kind">{words(DeadlineKind, e.deadline?.kind ?? 0)}</span>: {e.deadline?.what}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
