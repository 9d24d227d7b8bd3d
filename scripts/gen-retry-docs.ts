// Writes the scenario table of the retry helpers into docs/RETRY.md (npm run docs:retry). A unit test
// fails when the page and test/unit/support/retryScenarios.ts differ.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderScenarioTable, replaceScenarioTable } from '../test/unit/support/retryScenarioDocs';
import { SCENARIOS } from '../test/unit/support/retryScenarios';

const file = path.join(process.cwd(), 'docs', 'RETRY.md');
const text = fs.readFileSync(file, 'utf8');
const next = replaceScenarioTable(text, renderScenarioTable(SCENARIOS));
if (next !== text) fs.writeFileSync(file, next);
console.log(next === text ? 'docs/RETRY.md is current' : 'docs/RETRY.md updated');
