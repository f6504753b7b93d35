import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildWidgetLoader } from '../build-loader.mjs';

/** docs/widget.md: the loader stays at most 15 KB compressed — it is on every page of a site. */
const BUDGET_BYTES = 15 * 1024;

describe('the widget loader bundle', () => {
  it('is a classic script within its budget, built as scripts/build/web.mjs builds it', () => {
    const script = buildWidgetLoader();
    const text = new TextDecoder().decode(script);
    const gzipped = gzipSync(script, { level: 9 }).length;
    console.log(
      `widget loader: ${script.length} bytes, ${gzipped} bytes gzip (budget ${BUDGET_BYTES})`,
    );
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
    // An IIFE, not a module: `<script src … async>` on any page, no import or export.
    expect(text.slice(0, 40)).toMatch(/^("use strict";)?\(\(\)=>\{/);
    expect(/\bimport\s*[{(*]|\bexport\s*\{/.test(text), 'no import or export').toBe(false);
    expect(text.includes('customElements.define'), 'defines the element').toBe(true);
  });
});
