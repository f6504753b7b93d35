export function buildApp(name: string): Promise<string>;
