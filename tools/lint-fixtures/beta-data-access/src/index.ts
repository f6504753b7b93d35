/** Lint fixture: exists only so module-boundaries.spec.ts can prove the rules bite. */
export const beta_data_access = 'beta-data-access';
