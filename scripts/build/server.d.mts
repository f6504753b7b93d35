export function buildApp(name: string): Promise<string>;
export const SERVICE_APPS: readonly string[];
