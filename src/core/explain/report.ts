// A support report: what a platform team needs to find the request in their logs.
import type { Finding } from '../scanner/types';
import { API_NAMES } from './summary';

/** Plain text: code, status, request id, timestamp and the body exactly as logged. */
export function supportReport(f: Finding, documentText: string, source?: string): string {
  const lines = [
    `API: ${API_NAMES[f.api] ?? f.api}`,
    `Error: ${f.code ?? 'unknown'}${f.entry ? ` (${f.entry.name})` : ''}`,
    `HTTP status: ${f.status ?? 'unknown'}`,
    `Request id: ${f.facts.requestId ?? 'not found near the error'}`,
    `Timestamp: ${f.facts.timestamp ?? 'not found near the error'}`,
  ];
  if (source) lines.push(`Found in: ${source}`);
  if (f.kind === 'body') lines.push('', 'Body:', documentText.slice(f.start, f.end));
  else {
    const from = documentText.lastIndexOf('\n', f.start - 1) + 1;
    const to = documentText.indexOf('\n', f.end);
    lines.push('', 'Line:', documentText.slice(from, to < 0 ? documentText.length : to).slice(0, 2000));
  }
  return lines.join('\n') + '\n';
}
