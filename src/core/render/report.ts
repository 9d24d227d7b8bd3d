// A support report: what a platform team needs to find the request in their logs.
import type { Catalog } from '../catalog/catalog';
import type { Finding } from '../engine/finding';
import { apiName, entryOf } from './messages';

function factText(f: Finding, label: string): string | undefined {
  const x = f.facts.find((y) => y.label === label);
  return x && (typeof x.value === 'string' || typeof x.value === 'number') ? String(x.value) : undefined;
}

/** Plain text: code, status, request id, timestamp and the body exactly as logged. */
export function supportReport(f: Finding, catalog: Catalog, documentText: string, source?: string): string {
  const e = entryOf(catalog, f);
  const lines = [
    `API: ${apiName(catalog, f.api)}`,
    `Error: ${f.code ?? e?.code ?? 'unknown'}${e ? ` (${e.name})` : ''}`,
    `HTTP status: ${f.status ?? 'unknown'}`,
    `Request id: ${factText(f, 'Request id') ?? 'not found near the error'}`,
    `Timestamp: ${factText(f, 'Logged at') ?? 'not found near the error'}`,
  ];
  if (source) lines.push(`Found in: ${source}`);
  if (f.kind === 'body') {
    const [from, to] = f.body ?? [f.start, f.end];
    lines.push('', 'Body:', documentText.slice(from, Math.min(to, from + 64 * 1024)));
  } else {
    const from = documentText.lastIndexOf('\n', f.start - 1) + 1;
    const to = documentText.indexOf('\n', f.end);
    lines.push('', 'Line:', documentText.slice(from, to < 0 ? documentText.length : to).slice(0, 2000));
  }
  return lines.join('\n') + '\n';
}
