import type { z } from 'zod';

/**
 * One event type at one version. Published versions never change incompatibly
 * (contracts.spec.ts compares them with committed snapshots): a breaking change is a new
 * version, published alongside the old one until every consumer has moved.
 */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  topic: string;
  description: string;
  schema: S;
}

export type EventData<C extends EventContract> = z.output<C['schema']>;

export function defineEvent<S extends z.ZodType>(contract: EventContract<S>): EventContract<S> {
  if (!contract.type.startsWith(`${contract.topic}.`)) {
    throw new Error(`event ${contract.type} must live in topic ${contract.type.split('.')[0]}`);
  }
  return Object.freeze(contract);
}

export function contractId(contract: Pick<EventContract, 'type' | 'version'>): string {
  return `${contract.type}.v${contract.version}`;
}
