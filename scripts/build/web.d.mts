export function buildWeb(): string;
export function ensureWebBuilt(): string;
