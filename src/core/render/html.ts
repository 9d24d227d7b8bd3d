// The details view's HTML, built from an Explanation by a pure function (no `vscode` import), so its
// escaping is unit-tested. Every string is HTML-escaped, whatever its origin: catalog prose, a user
// catalog, a log line or a body. The page is static (no scripts); the Content-Security-Policy allows
// only the webview's own stylesheets and images and, when given, styles carrying the nonce.
import * as l10n from '@vscode/l10n';
import { headings, type Explanation, type ExplanationLine } from './explain';
import { displayLanguage } from './locale';

export interface HtmlOptions {
  /** Nonce allowed for styles (`'nonce-…'` in the CSP). Left out when not base64-like. */
  nonce?: string;
  /** `webview.cspSource`: the origin of the webview's local resources. */
  cspSource: string;
  /** `webview.asWebviewUri(media/details.css)`, as a string. */
  styleUri?: string;
}

const HTML_SPECIAL = /[&<>"'`]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(HTML_SPECIAL, (c) => ENTITIES[c]);
}

/** `webview.cspSource` is one or more origins; anything else (`;`, quotes) could add directives. */
function cleanSource(source: string): string {
  return source.replace(/[^\w:/.*+\- ]/g, '').trim();
}

/** A nonce may only be base64 characters: anything else could break out of the CSP or the attribute. */
function validNonce(nonce: string | undefined): string | undefined {
  return nonce && /^[A-Za-z0-9+/=_-]{8,128}$/.test(nonce) ? nonce : undefined;
}

/**
 * Built-in prose marks names as `code` (as in the Markdown renderer): escaped text with <code> spans.
 * A user catalog's prose (`untrusted`) stays plain escaped text.
 */
function prose(text: string, untrusted: boolean | undefined): string {
  if (untrusted) return escapeHtml(text);
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : escapeHtml(part)))
    .join('');
}

function factRow(line: ExplanationLine): string {
  const label = line.label ? escapeHtml(line.label) : '';
  const value = line.code ? `<code>${escapeHtml(line.text)}</code>` : escapeHtml(line.text);
  return `<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
}

function section(id: string, title: string, body: string): string {
  return `<section class="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

/** The whole page: title, subtitle, meaning, resolution, retry, facts, notes and example bodies. */
export function explanationToHtml(explanation: Explanation, opts: HtmlOptions): string {
  const e = explanation;
  const nonce = validNonce(opts.nonce);
  const source = cleanSource(opts.cspSource);
  const csp = [`default-src 'none'`, `style-src ${source}${nonce ? ` 'nonce-${nonce}'` : ''}`, `img-src ${source}`].join('; ') + ';';
  const nonceAttr = nonce ? ` nonce="${nonce}"` : '';
  const head = [
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    opts.styleUri ? `<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}"${nonceAttr}>` : '',
    `<title>${escapeHtml(e.title)}</title>`,
  ].filter(Boolean);

  const h = headings(e);
  const body: string[] = [];
  body.push(`<header><h1>${escapeHtml(e.title)}</h1>`);
  if (e.subtitle) body.push(`<p class="subtitle">${escapeHtml(e.subtitle)}</p>`);
  if (e.untrusted) body.push(`<p class="badge">${escapeHtml(l10n.t('From a user catalog'))}</p>`);
  body.push('</header>');
  if (e.meaning) body.push(section('meaning', h.meaning, `<p>${prose(e.meaning, e.untrusted)}</p>`));
  if (e.resolution) body.push(section('resolution', h.resolution, `<p>${prose(e.resolution, e.untrusted)}</p>`));
  if (e.retry) body.push(section('retry', h.retry, `<p>${prose(e.retry, e.untrusted)}</p>`));
  if (e.suggestions?.length) body.push(section('suggestions', h.suggestions, `<ul>${e.suggestions.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`));
  if (e.facts.length) body.push(section('facts', h.facts, `<table>${e.facts.map(factRow).join('')}</table>`));
  if (e.notes.length) body.push(section('notes', h.notes, `<ul>${e.notes.map((n) => `<li>${prose(n, e.untrusted)}</li>`).join('')}</ul>`));
  if (e.examples.length) {
    const examples = e.examples.map((x) => `<figure><figcaption>${escapeHtml(x.title)}</figcaption><pre><code>${escapeHtml(x.body)}</code></pre></figure>`);
    body.push(section('examples', h.examples, examples.join('')));
  }

  return `<!DOCTYPE html>
<html lang="${escapeHtml(displayLanguage())}">
<head>
${head.join('\n')}
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
