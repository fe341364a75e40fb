// A supervisor's first page: the team's load, what needs attention, what has no worker.
import type { Session } from "../session";
import { Attention } from "./Attention";
import { Caseload } from "./Caseload";
import { Diary } from "./Diary";
import { FilesDue } from "./FilesDue";
import { TeamWorkload } from "./TeamWorkload";
import { Unallocated } from "./Unallocated";

export function TeamHome({ session }: { session: Session }) {
  if (!session.team) return <p class="notice problem">A supervisor signs in with their team: sign out and name it.</p>;
  return (
    <>
      <TeamWorkload teamId={session.team} />
      <Attention teamId={session.team} />
      <Unallocated teamId={session.team} />
      <FilesDue teamId={session.team} />
      <Caseload teamId={session.team} title={`The caseload of ${session.team}`} />
      <Diary teamId={session.team} />
    </>
  );
}
