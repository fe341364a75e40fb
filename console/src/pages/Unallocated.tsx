// The team's open cases with no worker, each with a form to allocate it.
import { caseload } from "../clients/caseload";
import { commandId, commands } from "../clients/commands";
import { CommandForm } from "../components/CommandForm";
import { Field } from "../components/Field";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { Rag } from "../components/Rag";
import { day } from "../format";
import type { CaseloadItem } from "../gen/caseledger/v1/caseload_pb";
import { seenPosition } from "../live";
import { useRead } from "../read";
import { casePath } from "../route";

export function Unallocated({ teamId }: { teamId: string }) {
  const read = useRead(async () => {
    const [list, load] = await Promise.all([
      caseload.listCaseload({ teamId, pageSize: 1000, minPosition: seenPosition() }),
      caseload.getWorkload({ teamId, minPosition: seenPosition() }),
    ]);
    return {
      cases: list.items.filter((i) => !i.summary?.workerId),
      workers: load.workers.map((w) => w.workerId),
    };
  }, [teamId]);
  return (
    <section aria-labelledby="unallocated-title" class="panel">
      <h2 id="unallocated-title">Unallocated cases ({read.data?.cases.length ?? "…"})</h2>
      {read.problem && <ProblemNotice problem={read.problem} />}
      {read.data && read.data.cases.length === 0 && <p>Every open case has a worker.</p>}
      <ul class="unallocated" data-testid="unallocated">
        {read.data?.cases.map((item) => (
          <li key={item.summary!.caseId}>
            <Allocate item={item} teamId={teamId} workers={read.data!.workers} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Allocate(props: { item: CaseloadItem; teamId: string; workers: string[] }) {
  const s = props.item.summary!;
  const form = `allocate-${s.caseId}`;
  return (
    <CommandForm
      id={form}
      title={`Allocate ${s.caseId}`}
      submit="Allocate"
      done="Allocated."
      send={(data) =>
        commands.assignCase({
          header: { commandId: commandId(), caseId: s.caseId },
          workerId: String(data.get("worker_id") ?? ""),
          teamId: props.teamId,
        })
      }
    >
      {(errors) => (
        <>
          <p>
            <Link href={casePath(s.caseId)}>{s.caseId}</Link> <Rag rag={s.rag} /> {s.category}, opened {day(s.openedAt)}
          </p>
          <Field label="Worker" path="worker_id" form={form} errors={errors}>
            {(input) => (
              <>
                <input {...input} list={`${form}-workers`} autocomplete="off" />
                <datalist id={`${form}-workers`}>
                  {props.workers.map((w) => (
                    <option key={w} value={w} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
        </>
      )}
    </CommandForm>
  );
}
