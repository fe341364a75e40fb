// The case as it stood at an earlier point, scrubbed by revision or by date, beside a second
// point (now, unless chosen), with what changed between them marked.
import { useEffect, useState } from "preact/hooks";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { audit } from "../clients/audit";
import { ProblemNotice } from "../components/ProblemNotice";
import { Rag } from "../components/Rag";
import { problemOf, type Problem } from "../errors";
import { when, words } from "../format";
import type { ReplayCaseResponse } from "../gen/caseledger/v1/audit_pb";
import type { CaseState } from "../gen/caseledger/v1/case_state_pb";
import { CaseStatus, Complexity } from "../gen/caseledger/v1/casework_pb";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ReplayCaseRequestSchema } from "../gen/caseledger/v1/audit_pb";

type Mode = "revision" | "time" | "occurredBy";
type Point = { mode: Mode; revision: number; date: string };

function asOf(p: Point): MessageInitShape<typeof ReplayCaseRequestSchema>["asOf"] {
  if (p.mode === "revision") return { case: "revision", value: BigInt(p.revision) };
  const at = timestampFromDate(new Date(p.date));
  return p.mode === "time" ? { case: "time", value: at } : { case: "occurredBy", value: at };
}

// Each replay is recorded as a view of the case: ask once per point.
const answers = new Map<string, Promise<ReplayCaseResponse>>();
function replay(caseId: string, p: Point): Promise<ReplayCaseResponse> {
  const key = `${caseId}|${p.mode}|${p.mode === "revision" ? p.revision : p.date}`;
  if (!answers.has(key)) {
    const answer = audit.replayCase({ caseId, asOf: asOf(p) });
    answer.catch(() => answers.delete(key));
    answers.set(key, answer);
  }
  return answers.get(key)!;
}

type Row = { label: string; show: (s: CaseState) => preact.ComponentChild; key: (s: CaseState) => string };
const open = <T extends { completed?: unknown; resolved?: unknown }>(xs: T[]) => xs.filter((x) => !x.completed && !x.resolved).length;
const rows: Row[] = [
  { label: "Priority", show: (s) => <Rag rag={s.priority?.rag ?? 0} overridden={s.priority?.overridden} />, key: (s) => `${s.priority?.rag}/${s.priority?.overridden}` },
  { label: "Priority score", show: (s) => (s.priority ? s.priority.score.toFixed(1) : "–"), key: (s) => `${s.priority?.score}` },
  { label: "Status", show: (s) => words(CaseStatus, s.status), key: (s) => `${s.status}` },
  { label: "Worker", show: (s) => s.workerId || "unallocated", key: (s) => s.workerId },
  { label: "Team", show: (s) => s.teamId || "–", key: (s) => s.teamId },
  { label: "Complexity", show: (s) => words(Complexity, s.complexity), key: (s) => `${s.complexity}` },
  { label: "Notes", show: (s) => s.notes.length, key: (s) => `${s.notes.length}` },
  { label: "Open deadlines", show: (s) => open(s.deadlines), key: (s) => `${open(s.deadlines)}` },
  { label: "Open incidents", show: (s) => open(s.incidents), key: (s) => `${open(s.incidents)}` },
  { label: "File reviews", show: (s) => s.fileReviews.length, key: (s) => `${s.fileReviews.length}` },
  { label: "Reassessment required", show: (s) => (s.reassessmentRequired ? "yes" : "no"), key: (s) => `${s.reassessmentRequired}` },
  { label: "Last contact", show: (s) => when(s.lastContactAt), key: (s) => when(s.lastContactAt) },
];

export function Replay({ caseId, revision }: { caseId: string; revision: bigint }) {
  const latest = Number(revision);
  const [then, setThen] = useState<Point>({ mode: "revision", revision: Math.max(1, latest - 1), date: "" });
  const [compare, setCompare] = useState<number>(latest);
  const [answer, setAnswer] = useState<{ then?: ReplayCaseResponse; compare?: ReplayCaseResponse; problem?: Problem }>({});

  useEffect(() => {
    if (then.mode !== "revision" && !then.date) return;
    let current = true;
    Promise.all([replay(caseId, then), replay(caseId, { mode: "revision", revision: compare, date: "" })]).then(
      ([a, b]) => current && setAnswer({ then: a, compare: b }),
      (error) => current && setAnswer({ problem: problemOf(error) }),
    );
    return () => void (current = false);
  }, [caseId, then, compare]);

  const a = answer.then?.state;
  const b = answer.compare?.state;
  return (
    <section aria-labelledby="replay-title" class="panel wide" data-testid="replay">
      <h2 id="replay-title">Replay: the case as it stood</h2>
      <fieldset class="choice">
        <legend>Replay by</legend>
        {(
          [
            ["revision", "Revision"],
            ["time", "Date, as recorded then"],
            ["occurredBy", "Date, as known now (backdated events too)"],
          ] as [Mode, string][]
        ).map(([mode, label]) => (
          <label key={mode}>
            <input type="radio" name="replay-mode" checked={then.mode === mode} onChange={() => setThen({ ...then, mode })} />
            {label}
          </label>
        ))}
      </fieldset>
      {then.mode === "revision" ? (
        <div class="field">
          <label for="replay-revision">
            Revision: <output for="replay-revision">{then.revision}</output> of {latest}
          </label>
          <input
            id="replay-revision"
            type="range"
            min={1}
            max={latest}
            value={then.revision}
            onChange={(e) => setThen({ ...then, revision: Number((e.target as HTMLInputElement).value) })}
          />
        </div>
      ) : (
        <div class="field">
          <label for="replay-date">Date and time (your local time)</label>
          <input id="replay-date" type="datetime-local" value={then.date} onChange={(e) => setThen({ ...then, date: (e.target as HTMLInputElement).value })} />
        </div>
      )}
      <div class="field">
        <label for="replay-compare">Compare with revision</label>
        <input
          id="replay-compare"
          type="number"
          min={1}
          max={latest}
          value={compare}
          onChange={(e) => setCompare(Math.min(latest, Math.max(1, Number((e.target as HTMLInputElement).value) || latest)))}
        />
      </div>
      {answer.problem && <ProblemNotice problem={answer.problem} />}
      {a && b && (
        <table class="replay" data-testid="replay-table">
          <caption>
            Revision {answer.then!.revision.toString()} (recorded {when(answer.then!.recordedAt)}) against revision{" "}
            {answer.compare!.revision.toString()}; changed rows are marked.
          </caption>
          <thead>
            <tr>
              <th scope="col">On the file</th>
              <th scope="col">Revision {answer.then!.revision.toString()}</th>
              <th scope="col">Revision {answer.compare!.revision.toString()}</th>
              <th scope="col">Changed?</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const changed = row.key(a) !== row.key(b);
              return (
                <tr key={row.label} class={changed ? "changed" : ""} data-row={row.label}>
                  <th scope="row">{row.label}</th>
                  <td data-testid={row.label === "Priority" ? "replay-priority" : undefined}>{row.show(a)}</td>
                  <td>{row.show(b)}</td>
                  <td>{changed ? <strong>Changed</strong> : "Same"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
