import { vi } from 'vitest';
import { buildCli } from './cli';

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * `tidings <args>` in this process, with the environment as it is (tests stub what they need):
 * what it printed to stdout (console.log) and stderr, and the exit code it set. The process's
 * own exit code is left as it was.
 */
export async function runCliInProcess(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  const exitCode = process.exitCode;
  try {
    await buildCli().parseAsync(['node', 'tidings', ...args]);
    return {
      stdout: out.join('\n'),
      stderr: err.join(''),
      exitCode: Number(process.exitCode ?? 0),
    };
  } finally {
    log.mockRestore();
    write.mockRestore();
    process.exitCode = exitCode;
  }
}
