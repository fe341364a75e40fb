// Where a case stands now, and why it needs attention if it does.
import { Rag } from "../components/Rag";
import { when, words } from "../format";
import type { CaseView } from "../gen/caseledger/v1/caseload_pb";
import { CaseKind, CaseStatus, Complexity } from "../gen/caseledger/v1/casework_pb";

export function CaseSummary({ view }: { view: CaseView }) {
  const s = view.state!;
  const openDeadlines = s.deadlines.filter((d) => !d.completed).length;
  const openIncidents = s.incidents.filter((i) => !i.resolved).length;
  return (
    <section class="panel wide" aria-labelledby="summary-title" data-testid="case-summary">
      <h1 id="summary-title">
        Case {s.caseId} <Rag rag={s.priority?.rag ?? 0} overridden={s.priority?.overridden} />
      </h1>
      <dl class="facts">
        <dt>Kind</dt>
        <dd>
          {words(CaseKind, s.kind)}, {s.category}, {words(Complexity, s.complexity)} complexity
        </dd>
        <dt>Status</dt>
        <dd>
          {words(CaseStatus, s.status)}
          {s.outcome && `: ${s.outcome}`}
        </dd>
        <dt>Worker</dt>
        <dd>
          {s.workerId || "unallocated"}
          {s.teamId && ` in ${s.teamId}`}
        </dd>
        <dt>Priority</dt>
        <dd>
          {s.priority?.decided
            ? `${s.priority.rationale} (${s.priority.decided.actor}, ${when(s.priority.decided.at)})`
            : "not assessed"}
        </dd>
        <dt>Opened</dt>
        <dd>
          {when(s.opened?.at)} by {s.opened?.actor}
        </dd>
        <dt>Last contact</dt>
        <dd>{when(s.lastContactAt)}</dd>
        <dt>Next contact due</dt>
        <dd>{when(view.contactDueBy)}</dd>
        <dt>On file</dt>
        <dd>
          {s.notes.length} notes, {openDeadlines} open deadlines, {openIncidents} open incidents, {s.fileReviews.length} file
          reviews; revision {s.revision.toString()}
        </dd>
      </dl>
      {s.reassessmentRequired && (
        <p class="notice problem">The priority must be assessed again after incident {s.reassessmentIncidentId}.</p>
      )}
      {view.attention.length > 0 && (
        <>
          <h2>Needs attention</h2>
          <ul class="attention">
            {view.attention.map((a, i) => (
              <li key={i}>
                {a.detail} <span class="since">since {when(a.since)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
