// Sign in: on a development server say who you are; elsewhere paste a bearer token.
import { useState } from "preact/hooks";
import { claimsOf, roles, saveSession, type Role, type Session } from "../session";

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [kind, setKind] = useState<"development" | "token">("development");
  const [problem, setProblem] = useState("");

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
              <span class="hint" id="actor-hint">Your id, as the demo names people: w01, sup-team-0, cora, ines</span>
              <input id="actor" name="actor" autocomplete="username" aria-describedby="actor-hint" />
            </div>
            <div class="field">
              <label for="role">Role</label>
              <select id="role" name="role">
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
              <input id="team" name="team" aria-describedby="team-hint" />
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
