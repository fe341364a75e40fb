// A data subject's export (a subject access request) saved as a JSON file.
import { useState } from "preact/hooks";
import { subjects } from "../clients/subjects";
import { ProblemNotice } from "../components/ProblemNotice";
import { problemOf, type Problem } from "../errors";

export function SubjectExport() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState("");
  const submit = async (event: Event) => {
    event.preventDefault();
    const subjectId = String(new FormData(event.currentTarget as HTMLFormElement).get("subject") ?? "").trim();
    setProblem(null);
    setSaved("");
    try {
      const answer = await subjects.exportSubject({ subjectId }, { timeoutMs: 0 });
      const url = URL.createObjectURL(new Blob([answer.json], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `subject-${subjectId}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setSaved(`Saved subject-${subjectId}.json (${answer.json.length.toLocaleString("en-GB")} characters).`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <section class="panel" aria-labelledby="export-title">
      <h2 id="export-title">A subject's export</h2>
      <form onSubmit={submit} class="inline">
        <label for="export-subject">Subject id</label>
        <input id="export-subject" name="subject" aria-describedby="export-hint" />
        <button type="submit">Download the export</button>
      </form>
      <p class="hint" id="export-hint">
        Every case of the subject, its history and who viewed it, as JSON. The export is recorded.
      </p>
      {problem && <ProblemNotice problem={problem} />}
      <p role="status" aria-live="polite" data-testid="export-status">
        {saved}
      </p>
    </section>
  );
}
