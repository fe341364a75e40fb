// Whose work a signed-in person's lists show by default: a supervisor's team's, a caseworker's
// or inspector's own, and the whole organisation for a compliance officer.
import type { Session } from "./session";

export function whose(session: Session): { workerId?: string; teamId?: string } {
  switch (session.role) {
    case "supervisor":
      return { teamId: session.team };
    case "caseworker":
    case "inspector":
      return { workerId: session.actor };
    default:
      return {};
  }
}

// Events.Subscribe is open to these roles only (app/roles.cc).
export function maySubscribe(session: Session): boolean {
  return session.role === "compliance_officer";
}
