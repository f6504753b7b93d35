import { randomInt } from 'node:crypto';

/**
 * Letters and digits nobody misreads when a password is read aloud or copied by hand: no
 * 0/o, 1/l/i, and lower case only. 31 symbols × 20 positions ≈ 99 bits of entropy.
 */
export const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const PASSWORD_GROUPS = 4;
export const PASSWORD_GROUP_LENGTH = 5;

/** A strong, readable password such as `k7mqa-x3hvp-2ndtr-wq9ce` (crypto-random symbols). */
export function generatePassword(random: (max: number) => number = randomInt): string {
  const groups: string[] = [];
  for (let g = 0; g < PASSWORD_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < PASSWORD_GROUP_LENGTH; i++) {
      group += PASSWORD_ALPHABET[random(PASSWORD_ALPHABET.length)];
    }
    groups.push(group);
  }
  return groups.join('-');
}
