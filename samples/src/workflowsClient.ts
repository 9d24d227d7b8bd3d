// A small client for the Workflows API, as a team might write it.
interface WorkflowsError {
  detail: string;
  code: string;
}

export async function signalWorkflow(executionId: string, signal: string): Promise<void> {
  const res = await fetch(`https://workflows.example.test/v1/executions/${executionId}/signal`, {
    method: 'POST',
    body: JSON.stringify({ signal }),
  });
  if (res.ok) return;
  const err = (await res.json()) as WorkflowsError;
  switch (err.code) {
    case 'WF_1102': // the workflow finished: start a new one instead
      throw new Error(`workflow ${executionId} is not running`);
    case 'WF_1110': // typo: meant "workflow not found"
      throw new Error(`no such workflow ${executionId}`);
    case 'WF_1103': // platform hiccup: surfaced to the caller as it is
      throw new Error(`platform request failed: ${err.detail}`);
    default:
      throw new Error(`${err.code}: ${err.detail}`);
  }
}
