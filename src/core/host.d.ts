// What the core may use of the host it runs in, beyond ECMAScript itself: only what both a browser
// web worker and Node provide. tsconfig.core.json compiles src/core against ES2022 and this file
// alone (no DOM, no @types/node), so a Node or DOM API in the core fails `npm run typecheck`. The
// main tsconfig.json, which has Node's types, leaves this file out (its declarations would clash).

/** Yields to the event loop between the idle slices of a large scan. */
declare function setTimeout(callback: () => void, ms?: number): unknown;

/** UTF-8 decoding of raw bytes (the CLI's streamed logs, read as byte strings). */
declare class TextDecoder {
  constructor(label?: 'utf-8', options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
