// Who viewed the case's content, and who was refused, and when.
import { audit } from "../clients/audit";
import { ProblemNotice } from "../components/ProblemNotice";
import { when } from "../format";
import type { AccessEntry } from "../gen/caseledger/v1/access_pb";
import { useRead } from "../read";

async function allAccess(caseId: string): Promise<AccessEntry[]> {
  const entries: AccessEntry[] = [];
  let from = 1n;
  do {
    const page = await audit.listCaseAccess({ caseId, fromRevision: from, pageSize: 1000 });
    entries.push(...page.entries);
    from = page.nextRevision;
  } while (from !== 0n);
  return entries;
}

export function CaseAccess({ caseId }: { caseId: string }) {
  const read = useRead(() => allAccess(caseId), [caseId]);
  const entries = [...(read.data ?? [])].reverse();
  const refused = entries.filter((e) => !e.access?.granted).length;
  return (
    <section aria-labelledby="access-title" class="panel wide">
      <h2 id="access-title">
        Who viewed it, who was refused ({entries.length} accesses, {refused} refused)
      </h2>
      {read.problem && <ProblemNotice problem={read.problem} />}
      <div class="table-scroll">
        <table data-testid="case-access">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.position.toString()} class={e.access?.granted ? "" : "refused-row"}>
                <td>{when(e.at)}</td>
                <td>
                  {e.access?.actor} ({e.access?.actorRole.replace(/_/g, " ")}
                  {e.access?.actorTeam ? `, ${e.access.actorTeam}` : ""})
                </td>
                <td>{e.access?.method}</td>
                <td>{e.access?.granted ? "Viewed" : <strong>Refused: {e.access?.reason}</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
