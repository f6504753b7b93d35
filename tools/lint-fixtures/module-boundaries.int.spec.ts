import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Proves the boundary rules of eslint.config.mjs reject what DESIGN.md §3 forbids, using the
 * real ESLint with the real Nx project graph. The fixture projects stand in for two services
 * ("alpha", "beta") so the proof does not depend on which services exist yet.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message);
}

describe('module boundaries', () => {
  beforeAll(() => {
    // The rule reads Nx's cached project graph and silently skips itself without one.
    execFileSync('npx', ['nx', 'show', 'projects'], {
      env: { ...process.env, NX_DAEMON: 'false' },
    });
  });

  it("rejects a feature importing another service's data-access", async () => {
    const errors = await boundaryErrors(
      'tools/lint-fixtures/alpha-feature/src/uses-beta.ts',
      "import { beta_data_access } from '@tidings/lint-fixture-beta/data-access';\nexport const x = beta_data_access;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/scope:lint-fixture-alpha/);
  });

  it("allows a feature importing its own service's data-access", async () => {
    const errors = await boundaryErrors(
      'tools/lint-fixtures/alpha-feature/src/uses-alpha.ts',
      "import { alpha_data_access } from '@tidings/lint-fixture-alpha/data-access';\nexport const x = alpha_data_access;\n",
    );
    expect(errors).toEqual([]);
  });

  it('rejects a data-access lib importing a feature lib', async () => {
    const errors = await boundaryErrors(
      'tools/lint-fixtures/alpha-data-access/src/uses-feature.ts',
      "import { alpha_feature } from '@tidings/lint-fixture-alpha/feature';\nexport const x = alpha_feature;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/type:data-access/);
  });

  it('rejects a platform util importing a platform data-access lib', async () => {
    const errors = await boundaryErrors(
      'libs/platform/errors/src/uses-persistence.ts',
      "import { MIGRATIONS_TABLE } from '@tidings/platform/persistence';\nexport const x = MIGRATIONS_TABLE;\n",
    );
    expect(errors).toHaveLength(1);
  });
});
