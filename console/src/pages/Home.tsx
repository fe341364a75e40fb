// The first page after signing in: what the role looks at first.
import { useState } from "preact/hooks";
import { lazy } from "../components/lazy";
import type { Session } from "../session";
import { whose } from "../whose";
import { Caseload } from "./Caseload";
import { Diary } from "./Diary";
import { MyWorkload } from "./MyWorkload";

const TeamHome = lazy(() => import("./TeamHome").then((m) => m.TeamHome));
const AuditHome = lazy(() => import("./AuditHome").then((m) => m.AuditHome));
const VerifyLog = lazy(() => import("./VerifyLog").then((m) => m.VerifyLog));

export function Home({ session }: { session: Session }) {
  // The caseload first; the diary and workload are asked for once it is on screen.
  const [caseloadShown, setCaseloadShown] = useState(false);
  switch (session.role) {
    case "caseworker":
    case "inspector":
      return (
        <>
          <Caseload {...whose(session)} title="My caseload" onShown={() => setCaseloadShown(true)} />
          {caseloadShown && <Diary {...whose(session)} />}
          {caseloadShown && <MyWorkload workerId={session.actor} />}
        </>
      );
    case "supervisor":
      return <TeamHome session={session} />;
    case "compliance_officer":
      return <AuditHome />;
    default:
      return <VerifyLog />;
  }
}
