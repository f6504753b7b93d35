export function buildWidgetLoader(outfile?: string): Uint8Array;
