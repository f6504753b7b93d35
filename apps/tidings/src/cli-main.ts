import { runCli } from './cli';

try {
  await runCli(process.argv);
} catch (error) {
  process.stderr.write(`tidings: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
