// The first page after signing in: what the role looks at first.
import type { Session } from "../session";
import { whose } from "../whose";
import { ActorTrail } from "./ActorTrail";
import { Attention } from "./Attention";
import { Caseload } from "./Caseload";
import { Diary } from "./Diary";
import { FindCase } from "./FindCase";
import { MyWorkload } from "./MyWorkload";
import { SubjectExport } from "./SubjectExport";
import { TeamWorkload } from "./TeamWorkload";
import { Unallocated } from "./Unallocated";
import { VerifyLog } from "./VerifyLog";

export function Home({ session }: { session: Session }) {
  const mine = whose(session);
  switch (session.role) {
    case "caseworker":
    case "inspector":
      return (
        <>
          <Caseload {...mine} title="My caseload" />
          <Diary {...mine} />
          <MyWorkload workerId={session.actor} />
        </>
      );
    case "supervisor":
      if (!session.team) return <p class="notice problem">A supervisor signs in with their team: sign out and name it.</p>;
      return (
        <>
          <TeamWorkload teamId={session.team} />
          <Attention {...mine} />
          <Unallocated teamId={session.team} />
          <Caseload {...mine} title={`The caseload of ${session.team}`} />
          <Diary {...mine} />
        </>
      );
    case "compliance_officer":
      return (
        <>
          <VerifyLog />
          <FindCase />
          <SubjectExport />
          <ActorTrail initial="" />
          <Caseload title="Open cases in the organisation (first 100)" limit={100} />
        </>
      );
    default:
      return <VerifyLog />;
  }
}
