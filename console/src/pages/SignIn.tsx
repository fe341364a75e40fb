// Sign in: on a development server say who you are; elsewhere paste a bearer token.
import { useState } from "preact/hooks";
import { claimsOf, roles, saveSession, type Role, type Session } from "../session";

// The people `caseledger demo` makes, to pick from on a development server.
const demoPeople: { actor: string; role: Role; team: string }[] = [
  ...Array.from({ length: 16 }, (_, i) => ({
    actor: `w${String(i + 1).padStart(2, "0")}`,
    role: "caseworker" as Role,
    team: `team-${(i + 1) % 2}`,
  })),
  { actor: "sup-team-0", role: "supervisor", team: "team-0" },
  { actor: "sup-team-1", role: "supervisor", team: "team-1" },
  { actor: "cora", role: "compliance_officer", team: "" },
  { actor: "ines", role: "inspector", team: "insp-north" },
  { actor: "ivan", role: "inspector", team: "insp-north" },
  { actor: "mo", role: "supervisor", team: "insp-north" },
  { actor: "admin", role: "administrator", team: "" },
];

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [kind, setKind] = useState<"development" | "token">("development");
  const [problem, setProblem] = useState("");
  const [who, setWho] = useState({ actor: "", role: "caseworker" as Role, team: "" });
  // Picking one of the demo's people fills in their role and team.
  const pick = (actor: string) => {
    const known = demoPeople.find((p) => p.actor === actor);
    setWho(known ? { ...known } : { ...who, actor });
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    let session: Session;
    if (kind === "development") {
      if (!text("actor")) return setProblem("Say who you are: your actor id, e.g. w01.");
      session = {
        kind,
        actor: text("actor"),
        role: text("role") as Role,
        team: text("team"),
        org: text("org"),
      };
    } else {
      const claims = claimsOf(text("token"));
      if (!claims) return setProblem("That is not a caseledger token: it names no actor (sub) and role.");
      session = { kind, token: text("token"), ...claims };
    }
    saveSession(session);
    onSignedIn(session);
  };

  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <h1>Sign in to caseledger</h1>
      <fieldset class="choice">
        <legend>How this server knows you</legend>
        <label>
          <input type="radio" name="kind" checked={kind === "development"} onChange={() => setKind("development")} />
          Development server: say who you are
        </label>
        <label>
          <input type="radio" name="kind" checked={kind === "token"} onChange={() => setKind("token")} />
          Bearer token
        </label>
      </fieldset>
      <form onSubmit={submit} id="sign-in" noValidate>
        {problem && (
          <p class="notice problem" role="alert">
            {problem}
          </p>
        )}
        {kind === "development" ? (
          <>
            <div class="field">
              <label for="actor">Actor</label>
              <span class="hint" id="actor-hint">Your id; the demo's people are listed as you type (w01, sup-team-0, cora, ines)</span>
              <input
                id="actor"
                name="actor"
                list="demo-people"
                autocomplete="off"
                aria-describedby="actor-hint"
                value={who.actor}
                onInput={(e) => pick((e.target as HTMLInputElement).value)}
              />
              <datalist id="demo-people">
                {demoPeople.map((p) => (
                  <option key={p.actor} value={p.actor}>
                    {roles.find((r) => r.role === p.role)?.label}
                    {p.team ? ` in ${p.team}` : ""}
                  </option>
                ))}
              </datalist>
            </div>
            <div class="field">
              <label for="role">Role</label>
              <select
                id="role"
                name="role"
                value={who.role}
                onChange={(e) => setWho({ ...who, role: (e.target as HTMLSelectElement).value as Role })}
              >
                {roles.map((r) => (
                  <option key={r.role} value={r.role}>
                    {r.label}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="team">Team</label>
              <span class="hint" id="team-hint">Supervisors and inspectors: e.g. team-0, insp-north</span>
              <input
                id="team"
                name="team"
                aria-describedby="team-hint"
                value={who.team}
                onInput={(e) => setWho({ ...who, team: (e.target as HTMLInputElement).value })}
              />
            </div>
            <div class="field">
              <label for="org">Organisation</label>
              <span class="hint" id="org-hint">Leave empty for the default organisation</span>
              <input id="org" name="org" aria-describedby="org-hint" />
            </div>
          </>
        ) : (
          <div class="field">
            <label for="token">Bearer token</label>
            <span class="hint" id="token-hint">A signed JWT from your organisation; kept in this tab only</span>
            <textarea id="token" name="token" rows={4} aria-describedby="token-hint" />
          </div>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
