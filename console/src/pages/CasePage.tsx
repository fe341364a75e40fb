// One case: where it stands, what can be recorded on it, its timeline, notes, priority over
// time and its replay; for a compliance officer, who viewed it and who was refused.
import { useEffect } from "preact/hooks";
import { caseload } from "../clients/caseload";
import { useCaseRevision } from "../caseRevision";
import { ProblemNotice } from "../components/ProblemNotice";
import { seenPosition } from "../live";
import { useRead } from "../read";
import type { Session } from "../session";
import { CaseAccess } from "./CaseAccess";
import { CaseSummary } from "./CaseSummary";
import { FileReviewForm } from "./FileReviewForm";
import { Notes } from "./Notes";
import { PriorityForm } from "./PriorityForm";
import { PriorityHistory } from "./PriorityHistory";
import { DeadlineForm, IncidentForm, NoteForm } from "./RecordForms";
import { Replay } from "./Replay";
import { Timeline, wholeHistory } from "./Timeline";

export function CasePage({ session, caseId }: { session: Session; caseId: string }) {
  // Reads of a case's content are each recorded as a view: read them again only when the case
  // moves on, which its revision says.
  const view = useRead(() => caseload.getCase({ caseId, minPosition: seenPosition() }), [caseId], false);
  const state = view.data?.state;
  const history = useRead(
    () => (state ? wholeHistory(caseId) : Promise.resolve(undefined)),
    [caseId, state?.revision],
    false,
  );
  const lastPosition = history.data?.[history.data.length - 1]?.record?.position;
  const revision = useCaseRevision(session, caseId, lastPosition);
  useEffect(() => {
    if (revision !== undefined && state && revision > state.revision) view.reload();
  }, [revision]);

  const records = session.role === "caseworker" || session.role === "inspector" || session.role === "supervisor";
  if (view.problem) {
    return (
      <section class="panel wide" aria-labelledby="case-title" data-testid="case-refused">
        <h1 id="case-title">Case {caseId}</h1>
        <ProblemNotice problem={view.problem} />
      </section>
    );
  }
  if (!state) return <p role="status">Reading case {caseId}…</p>;
  return (
    <>
      <nav class="in-page" aria-label="On this page">
        <a href="#summary-title">Summary</a>
        {records && <a href="#record-title">Record</a>}
        <a href="#timeline-title">Timeline</a>
        <a href="#notes-title">Notes</a>
        <a href="#priority-title">Priority</a>
        <a href="#replay-title">Replay</a>
        {session.role === "compliance_officer" && <a href="#access-title">Access</a>}
      </nav>
      <CaseSummary view={view.data!} />
      {records && (
        <section class="panel wide" aria-labelledby="record-title">
          <h2 id="record-title">Record on the case</h2>
          <div class="forms">
            <NoteForm caseId={caseId} />
            <DeadlineForm caseId={caseId} />
            <PriorityForm caseId={caseId} />
            <IncidentForm caseId={caseId} />
            {session.role === "supervisor" && <FileReviewForm caseId={caseId} revision={state.revision} />}
          </div>
        </section>
      )}
      {history.problem && <ProblemNotice problem={history.problem} />}
      {history.data && <Timeline history={history.data} />}
      <Notes notes={state.notes} />
      <PriorityHistory history={state.priorityHistory} />
      <Replay caseId={caseId} revision={state.revision} />
      {session.role === "compliance_officer" && <CaseAccess caseId={caseId} />}
    </>
  );
}
