// `npm run docs:events`: regenerates docs/events.md from the topic manifest, and
// `npm run contracts:snapshot`: records the JSON Schema of every event version not yet
// recorded (and of compatible changes), refusing incompatible changes to published ones.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  allContracts,
  contractId,
  incompatibilities,
  renderEventsDoc,
  topics,
} from '@tidings/contracts';

const mode = process.argv[2] ?? 'docs';
if (mode === 'docs') {
  writeFileSync('docs/events.md', renderEventsDoc(topics));
  console.log('wrote docs/events.md');
} else if (mode === 'snapshot') {
  let failed = false;
  for (const contract of allContracts) {
    const file = join('libs/contracts/snapshots', `${contractId(contract)}.json`);
    const current = z.toJSONSchema(contract.schema, { io: 'output' });
    if (existsSync(file)) {
      const problems = incompatibilities(JSON.parse(readFileSync(file, 'utf8')), current as never);
      if (problems.length) {
        failed = true;
        console.error(
          `${contractId(contract)} is published; make a new version instead:\n  ${problems.join('\n  ')}`,
        );
        continue;
      }
    }
    writeFileSync(file, JSON.stringify(current, null, 2) + '\n');
    console.log(`recorded ${file}`);
  }
  process.exitCode = failed ? 1 : 0;
} else {
  console.error('usage: events.ts docs|snapshot');
  process.exitCode = 2;
}
