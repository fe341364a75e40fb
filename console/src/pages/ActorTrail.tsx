// Everything one person did, in log order, with the why of each decision.
import { useState } from "preact/hooks";
import { audit } from "../clients/audit";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { when } from "../format";
import { useRead } from "../read";
import { casePath } from "../route";

export function ActorTrail({ initial }: { initial: string }) {
  const [actor, setActor] = useState(initial);
  const [after, setAfter] = useState(0n);
  const read = useRead(
    () => (actor ? audit.listActorEvents({ actor, afterPosition: after, pageSize: 50 }) : Promise.resolve(undefined)),
    [actor, after],
  );
  const submit = (event: Event) => {
    event.preventDefault();
    setActor(String(new FormData(event.currentTarget as HTMLFormElement).get("actor") ?? "").trim());
    setAfter(0n);
  };
  return (
    <section class="panel wide" aria-labelledby="trail-title">
      <h2 id="trail-title">An actor's trail</h2>
      <form onSubmit={submit} class="inline">
        <label for="trail-actor">Actor</label>
        <input id="trail-actor" name="actor" defaultValue={initial} />
        <button type="submit">Show their trail</button>
      </form>
      {read.problem && <ProblemNotice problem={read.problem} />}
      {read.data && (
        <>
          <div class="table-scroll">
            <table data-testid="actor-trail">
              <thead>
                <tr>
                  <th scope="col">Position</th>
                  <th scope="col">Event</th>
                  <th scope="col">On</th>
                  <th scope="col">Role</th>
                  <th scope="col">Occurred</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {read.data.events.map((e) => (
                  <tr key={e.position.toString()}>
                    <td>{e.position.toString()}</td>
                    <td>{e.type}</td>
                    <td>
                      {e.streamId.startsWith("case-") ? (
                        <Link href={casePath(e.streamId.slice(5))}>{e.streamId.slice(5)}</Link>
                      ) : (
                        e.streamId
                      )}{" "}
                      rev {e.streamRevision.toString()}
                    </td>
                    <td>{e.actorRole.replace(/_/g, " ")}</td>
                    <td>{when(e.occurredAt)}</td>
                    <td>{when(e.recordedAt)}</td>
                    <td>{e.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            {after !== 0n && (
              <button type="button" onClick={() => setAfter(0n)}>
                From the first
              </button>
            )}
            {read.data.nextAfterPosition !== 0n && (
              <button type="button" onClick={() => setAfter(read.data!.nextAfterPosition)}>
                Next 50
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
