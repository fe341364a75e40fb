// A compliance officer's first page: the log's integrity, a case's record, a person's trail,
// a subject's export.
import { ActorTrail } from "./ActorTrail";
import { Caseload } from "./Caseload";
import { FindCase } from "./FindCase";
import { SubjectExport } from "./SubjectExport";
import { VerifyLog } from "./VerifyLog";

export function AuditHome() {
  return (
    <>
      <VerifyLog />
      <FindCase />
      <SubjectExport />
      <ActorTrail initial="" />
      <Caseload title="Open cases in the organisation" limit={100} />
    </>
  );
}
