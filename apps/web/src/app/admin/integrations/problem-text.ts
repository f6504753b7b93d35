/**
 * A refusal on one line: the server's detail, then each field it names and why
 * (`conversations[0]: not found, or not yours to manage`) — the form's field, not a guess.
 * Read structurally (an ApiError carries `problem`), so the rule is tested without Angular.
 */
export function problemText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const problem = (error as Error & { problem?: Readonly<Record<string, unknown>> }).problem;
  const issues = problem?.['errors'];
  if (Array.isArray(issues)) {
    const fields = (issues as Array<{ path?: unknown; message?: unknown }>)
      .map((issue) =>
        [
          typeof issue.path === 'string' ? issue.path.replace(/^body\./, '') : '',
          typeof issue.message === 'string' ? issue.message : '',
        ]
          .filter(Boolean)
          .join(': '),
      )
      .filter(Boolean)
      .join('; ');
    if (fields) return `${error.message} (${fields})`;
  }
  return error.message;
}
