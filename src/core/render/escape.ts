// Text from a log, a body or a user catalog is untrusted: in Markdown it must stay plain text.
// Every character that can start markup is backslash-escaped (CommonMark allows escaping any ASCII
// punctuation), so `[x](command:…)`, `<img …>`, `# heading`, `javascript:` and backticks all render
// literally; `<`, `>` and `&` become entities. Line breaks become spaces so a value can never start
// a block (heading, list, rule, quote) of its own.

const MD_SPECIAL = /[\\`*_{}[\]()#!|<>~&:]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(MD_SPECIAL, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c));
}

/** A fenced code block that nothing inside can close: the fence is longer than any backtick run. */
export function codeBlock(text: string, language = ''): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Inline code that nothing inside can close. */
export function inlineCode(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  if (!flat) return ''; // two bare backticks are no empty span: they would pair with a later run
  let longest = 0;
  for (const m of flat.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** Terminal output: strips control characters (ANSI escapes could rewrite the user's screen). */
export function plainText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '�');
}
