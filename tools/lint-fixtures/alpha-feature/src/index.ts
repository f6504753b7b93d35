/** Lint fixture: exists only so module-boundaries.spec.ts can prove the rules bite. */
export const alpha_feature = 'alpha-feature';
