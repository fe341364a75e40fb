// A case's notes: each marked fact or opinion, corrections linked both ways.
import { when, words } from "../format";
import type { Note } from "../gen/caseledger/v1/case_state_pb";
import { ContactType, NoteKind } from "../gen/caseledger/v1/casework_pb";

export function Notes({ notes }: { notes: Note[] }) {
  return (
    <section aria-labelledby="notes-title" class="panel">
      <h2 id="notes-title">Notes ({notes.length})</h2>
      {notes.length === 0 && <p>No notes yet.</p>}
      <ol class="notes" data-testid="notes">
        {[...notes].reverse().map((n) => (
          <li key={n.noteId} id={`note-${n.noteId}`} class={n.correctedByNoteId ? "corrected" : ""}>
            <span class={n.note?.kind === NoteKind.OPINION ? "badge opinion" : "badge fact"}>
              {n.note?.kind === NoteKind.OPINION ? "Opinion" : "Fact"}
            </span>{" "}
            <span class="meta">
              {words(ContactType, n.note?.contactType ?? 0)}, {n.recorded?.actor}, {when(n.recorded?.at)}
            </span>
            <p>{n.note?.text}</p>
            {n.note?.nextSteps && <p class="next">Next: {n.note.nextSteps}</p>}
            {n.correctsNoteId && (
              <p class="correction">
                Corrects <a href={`#note-${n.correctsNoteId}`}>note {n.correctsNoteId}</a>: {n.correctionReason}
              </p>
            )}
            {n.correctedByNoteId && (
              <p class="correction">
                Corrected by <a href={`#note-${n.correctedByNoteId}`}>note {n.correctedByNoteId}</a>
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
