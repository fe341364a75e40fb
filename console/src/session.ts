// Who is signed in, kept for this browser tab only (sessionStorage): on a development server
// an actor, role, team and organisation sent as x-caseledger-* headers; otherwise a bearer token.

export type Role =
  | "caseworker"
  | "inspector"
  | "supervisor"
  | "compliance_officer"
  | "administrator";

export const roles: { role: Role; label: string }[] = [
  { role: "caseworker", label: "Caseworker" },
  { role: "inspector", label: "Inspector" },
  { role: "supervisor", label: "Supervisor" },
  { role: "compliance_officer", label: "Compliance officer" },
  { role: "administrator", label: "Administrator" },
];

export type Session =
  | { kind: "development"; actor: string; role: Role; team: string; org: string }
  | { kind: "token"; token: string; actor: string; role: Role; team: string };

const key = "caseledger.session";

export function loadSession(): Session | null {
  const saved = sessionStorage.getItem(key);
  if (!saved) return null;
  try {
    return JSON.parse(saved) as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(key, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(key);
}

// The headers every call carries.
export function authHeaders(session: Session): Record<string, string> {
  if (session.kind === "token") return { authorization: `Bearer ${session.token}` };
  const headers: Record<string, string> = {
    "x-caseledger-actor": session.actor,
    "x-caseledger-role": session.role,
  };
  if (session.team) headers["x-caseledger-team"] = session.team;
  if (session.org) headers["x-caseledger-org"] = session.org;
  return headers;
}

// Reads the claims of a JWT (without checking it: the server does) to know whose console to
// show. The claim names follow caseledgerd's --auth jwt.
export function claimsOf(token: string): { actor: string; role: Role; team: string } | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const claims = JSON.parse(json) as Record<string, unknown>;
    const text = (name: string) => (typeof claims[name] === "string" ? (claims[name] as string) : "");
    const role = text("role") as Role;
    if (!text("sub") || !roles.some((r) => r.role === role)) return null;
    return { actor: text("sub"), role, team: text("team") };
  } catch {
    return null;
  }
}
