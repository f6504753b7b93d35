import { buildApp } from '../build/server.mjs';

/**
 * Runs once before the integration project: builds the host bundle that the e2e suites
 * spawn as a real process (building inside each suite would race on dist/).
 */
export default async function setup(): Promise<void> {
  await buildApp('tidings');
}
