// The languages a retry handler can be written into, by VS Code language id: one table for the code
// actions' document selector, the hover's "Insert retry handler" link and the generators. Small on
// purpose: the hover imports it without loading the generators.
import type { RetryLanguage } from './generate';

export const RETRY_LANGUAGE_IDS: Readonly<Record<string, RetryLanguage>> = {
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
  go: 'go',
};

/** The generator language for a VS Code language id, or undefined where no helper can be generated. */
export function retryLanguageOf(languageId: string): RetryLanguage | undefined {
  return Object.prototype.hasOwnProperty.call(RETRY_LANGUAGE_IDS, languageId) ? RETRY_LANGUAGE_IDS[languageId] : undefined;
}
