// A case's priority: always its word beside its colour, so it reads without colour vision.
import { Rag as RagValue } from "../gen/caseledger/v1/casework_pb";

const looks: Record<RagValue, { label: string; className: string }> = {
  [RagValue.RED]: { label: "Red", className: "rag rag-red" },
  [RagValue.AMBER]: { label: "Amber", className: "rag rag-amber" },
  [RagValue.GREEN]: { label: "Green", className: "rag rag-green" },
  [RagValue.RAG_UNSPECIFIED]: { label: "Not assessed", className: "rag rag-none" },
};

export function ragLabel(rag: RagValue): string {
  return looks[rag]?.label ?? looks[RagValue.RAG_UNSPECIFIED].label;
}

export function Rag({ rag, overridden }: { rag: RagValue; overridden?: boolean }) {
  const look = looks[rag] ?? looks[RagValue.RAG_UNSPECIFIED];
  return (
    <span class={look.className} data-rag={look.label}>
      {look.label}
      {overridden ? " (override)" : ""}
    </span>
  );
}
