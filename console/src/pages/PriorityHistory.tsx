// Every priority decision on the case as a line of scores over time, with the RAG of each
// decision in its label and in the table beneath.
import type { ChartConfiguration } from "chart.js";
import { useMemo } from "preact/hooks";
import { ChartCanvas } from "../components/ChartCanvas";
import { Rag, ragLabel } from "../components/Rag";
import { day, when } from "../format";
import type { PriorityDecision } from "../gen/caseledger/v1/case_state_pb";

function configOf(history: PriorityDecision[]): ChartConfiguration {
  return {
    type: "line",
    data: {
      labels: history.map((d) => `${day(d.decided?.at)}: ${ragLabel(d.rag)}${d.overridden ? " (override)" : ""}`),
      datasets: [
        {
          label: "Priority score (0 to 100)",
          data: history.map((d) => d.score),
          borderColor: "#1d5fa8",
          backgroundColor: "#1d5fa8",
          stepped: true,
          pointRadius: 5,
          pointStyle: history.map((d) => (d.overridden ? "rectRot" : "circle")),
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: "score" } } },
    },
  };
}

export function PriorityHistory({ history }: { history: PriorityDecision[] }) {
  const config = useMemo(() => configOf(history), [history]);
  return (
    <section aria-labelledby="priority-title" class="panel">
      <h2 id="priority-title">Priority history</h2>
      {history.length === 0 ? (
        <p>The priority has not been assessed.</p>
      ) : (
        <>
          <ChartCanvas config={config} height={220} label={`Priority over time: ${history.map((d) => ragLabel(d.rag)).join(", then ")}`} />
          <ol class="priority-history">
            {history.map((d, i) => (
              <li key={i}>
                <Rag rag={d.rag} overridden={d.overridden} /> score {d.score.toFixed(1)}, by {d.decided?.actor} on {when(d.decided?.at)}
                {d.rationale && <>: {d.rationale}</>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
