// A support report: what a platform team needs to find the request in their logs.
import * as l10n from '@vscode/l10n';
import type { Catalog } from '../catalog/catalog';
import type { Finding } from '../engine/finding';
import { apiName, entryName, entryOf } from './messages';

function factText(f: Finding, label: string): string | undefined {
  const x = f.facts.find((y) => y.label === label);
  return x && (typeof x.value === 'string' || typeof x.value === 'number') ? String(x.value) : undefined;
}

/** Plain text: code, status, request id, timestamp and the body exactly as logged. */
export function supportReport(f: Finding, catalog: Catalog, documentText: string, source?: string): string {
  const e = entryOf(catalog, f);
  const code = f.code ?? e?.code;
  const notFound = l10n.t('not found near the error');
  const lines = [
    l10n.t('API: {api}', { api: apiName(catalog, f.api) }),
    code
      ? e
        ? l10n.t('Error: {code} ({name})', { code, name: entryName(e) })
        : l10n.t('Error: {code}', { code })
      : l10n.t('Error: unknown'),
    f.status !== null ? l10n.t('HTTP status: {status}', { status: String(f.status) }) : l10n.t('HTTP status: unknown'),
    l10n.t('Request id: {id}', { id: factText(f, 'Request id') ?? notFound }),
    l10n.t('Timestamp: {time}', { time: factText(f, 'Logged at') ?? notFound }),
  ];
  if (source) lines.push(l10n.t('Found in: {source}', { source }));
  if (f.kind === 'body') {
    const [from, to] = f.body ?? [f.start, f.end];
    lines.push('', l10n.t('Body:'), documentText.slice(from, Math.min(to, from + 64 * 1024)));
  } else {
    const from = documentText.lastIndexOf('\n', f.start - 1) + 1;
    const to = documentText.indexOf('\n', f.end);
    lines.push('', l10n.t('Line:'), documentText.slice(from, to < 0 ? documentText.length : to).slice(0, 2000));
  }
  return lines.join('\n') + '\n';
}
