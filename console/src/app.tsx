// The console's frame: who is signed in, the page for the path, and signing out.
import { useState } from "preact/hooks";
import { Link } from "./components/Link";
import { lazy } from "./components/lazy";
import { Home } from "./pages/Home";
import { SignIn } from "./pages/SignIn";
import { usePath } from "./route";
import { clearSession, loadSession, roles, type Session } from "./session";

const CasePage = lazy(() => import("./pages/CasePage").then((m) => m.CasePage));

function Page({ session, path }: { session: Session; path: string }) {
  const found = /^\/cases\/([^/]+)$/.exec(path);
  if (found) return <CasePage key={found[1]} session={session} caseId={decodeURIComponent(found[1])} />;
  if (path === "/") return <Home session={session} />;
  return (
    <section class="panel">
      <h1>No such page</h1>
      <p>
        <Link href="/">Back to the first page</Link>
      </p>
    </section>
  );
}

export function App() {
  const [session, setSession] = useState(loadSession);
  const path = usePath();
  if (!session) return <SignIn onSignedIn={setSession} />;
  const role = roles.find((r) => r.role === session.role)?.label ?? session.role;
  const signOut = () => {
    clearSession();
    // A fresh page: nothing read for one person stays in memory for the next.
    location.assign("/");
  };
  return (
    <>
      <a class="skip" href="#main">
        Skip to the content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          caseledger
        </Link>
        <nav aria-label="Main">
          <Link href="/">{session.role === "supervisor" ? "My team" : session.role === "compliance_officer" ? "Audit" : "My work"}</Link>
        </nav>
        <p class="who" data-testid="who">
          {session.actor}, {role}
          {session.team && ` in ${session.team}`}
        </p>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1} class="page">
        <Page session={session} path={path} />
      </main>
    </>
  );
}
