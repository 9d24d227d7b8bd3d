// Runs a Wireflow workflow; 429s carry Retry-After and a retryAfter timestamp.
export async function runWorkflow(apiKey, workflowId, input) {
  const res = await fetch(`https://wireflow.example.test/api/v1/workflows/${workflowId}/run`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(input),
  });
  if (!res.ok) {
    const body = await res.json();
    throw Object.assign(new Error(body.error), { status: res.status, body });
  }
  return res.json();
}
