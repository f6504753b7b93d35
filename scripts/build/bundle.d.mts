export function bundle(
  entry: string,
  outfile: string,
  options?: { sourcemap?: 'inline' | 'linked' | false },
): Promise<string>;
export function esbuildOptions(): Record<string, unknown>;
