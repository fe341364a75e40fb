// Go to a case by its id.
import { navigate, casePath } from "../route";

export function FindCase() {
  const submit = (event: Event) => {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget as HTMLFormElement).get("case") ?? "").trim();
    if (id) navigate(casePath(id));
  };
  return (
    <section class="panel" aria-labelledby="find-title">
      <h2 id="find-title">A case's history, replay and access</h2>
      <form onSubmit={submit} class="inline">
        <label for="find-case">Case id</label>
        <input id="find-case" name="case" placeholder="d1-00001" />
        <button type="submit">Open the case</button>
      </form>
    </section>
  );
}
