// Hovers through the real API: vscode.executeHoverProvider on fixture documents.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, hoverTextAt, openFixture, positionOf, waitFor } from './util';

async function hoverOn(file: string, token: string, nth = 0, shift = 0): Promise<{ text: string; range?: vscode.Range; doc: vscode.TextDocument }> {
  const editor = await openFixture(file);
  const doc = editor.document;
  const pos = positionOf(doc, token, nth).translate(0, shift);
  const text = await waitFor(async () => {
    const t = await hoverTextAt(doc, pos);
    return t.includes('**') ? t : undefined;
  }, { message: `hover on ${token} in ${file}` });
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  const ours = hovers.find((h) => h.contents.some((c) => typeof c !== 'string' && c.value.includes('What it means') || typeof c !== 'string' && c.value.includes('In this body')));
  return { text, range: ours?.range, doc };
}

suite('hovers', () => {
  teardown(closeAllEditors);

  test('over a WF code literal in a log: title, API, meaning, what to do, retry numbers, actions', async () => {
    const { text, range, doc } = await hoverOn('features/gateway.log', 'WF_1104');
    assert.match(text, /WF\\_1104 Workflow Registration Failed \\\(500\\\)/);
    assert.match(text, /Workflows API · Workflow/);
    assert.match(text, /\*\*What it means:\*\*/);
    assert.match(text, /\*\*What to do:\*\*/);
    assert.match(text, /\[Open in catalog\]\(command:errcode\.showEntry\?/);
    assert.match(text, /\[Copy support report\]\(command:errcode\.copySupportReport\?/);
    assert.ok(range);
    assert.equal(doc.getText(range), 'WF_1104', 'hover range is the literal');
  });

  test('cursor-accurate: the second of two codes on a line', async () => {
    const { text, doc, range } = await hoverOn('features/gateway.log', 'WF_1110');
    assert.match(text, /WF\\_1110/);
    assert.match(text, /Did you mean/);
    assert.equal(doc.getText(range), 'WF_1110');
  });

  test('inside a one-line Wireflow body: credits short by N, cost per node', async () => {
    const { text, doc, range } = await hoverOn('features/gateway.log', 'requiredCredits');
    assert.match(text, /402 Payment Required/);
    assert.match(text, /short by 7 credits/);
    assert.match(text, /Text to Image \\\(node-1\\\)\\: 10 credits/);
    assert.ok(doc.getText(range).startsWith('{"error": "Insufficient credits'));
  });

  test('429 body with headers on the lines before: retryAfter as UTC, Retry-After, request id', async () => {
    const { text } = await hoverOn('features/gateway.log', 'Too many workflow executions');
    assert.match(text, /Mar 21, 2024, 4\\:00\\:00 PM UTC/);
    assert.match(text, /\d+ days ago|in \d+/);
    assert.match(text, /Retry-After/);
    assert.match(text, /wf-req-88c1/);
    assert.match(text, /at most 30 seconds between attempts, 5 attempts in all/);
  });

  test('pretty-printed problem+json body: validation path', async () => {
    const { text, doc, range } = await hoverOn('features/gateway.log', 'One or more validation errors');
    assert.match(text, /steps\\\[0\\\].input.resolution/);
    assert.ok(range && range.start.line < range.end.line, 'range spans the pretty-printed body');
    assert.ok(doc.getText(range).trim().endsWith('}'));
  });

  test('5xx WF body: the cause is only in the server logs, request id to quote', async () => {
    const { text } = await hoverOn('features/gateway.log', 'WF_1103', 0);
    assert.match(text, /only in the server’s logs/);
    assert.match(text, /req\\_01JD4KB7Q/);
  });

  test('escaped body in a JSON-lines log', async () => {
    const { text, doc, range } = await hoverOn('features/structured.jsonl', 'Schedule not found');
    assert.match(text, /WF\\_1201 Schedule Not Found/);
    assert.ok(doc.getText(range).startsWith('{\\"detail\\"'));
  });

  test('Python repr and a failed job reason', async () => {
    const { text } = await hoverOn('features/worker.log', 'moderation: prompt');
    assert.match(text, /blocked/);
    assert.match(text, /moderation: prompt|moderation\\: prompt/);
  });

  test('WF code in TypeScript source offers the retry handler for a transient code', async () => {
    const { text } = await hoverOn('features/workflowsClient.ts', 'WF_1103');
    assert.match(text, /\[Insert retry handler\]\(command:errcode\.insertRetryHandler\?/);
  });

  test('nothing outside errors', async () => {
    const editor = await openFixture('features/gateway.log');
    const text = await hoverTextAt(editor.document, positionOf(editor.document, 'starting workflow sync'));
    assert.doesNotMatch(text, /What it means/);
  });
});
