/** Lint fixture: exists only so module-boundaries.spec.ts can prove the rules bite. */
export const alpha_data_access = 'alpha-data-access';
