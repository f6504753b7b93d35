/** `userAccountControl` flags Tidings acts on (MS-ADTS 2.2.16). */
export const ACCOUNTDISABLE = 0x0002;

/** An AD account with the disabled bit set must not sign in and is deactivated on sync. */
export function isDisabledByAccountControl(
  userAccountControl: number | string | undefined,
): boolean {
  const value =
    typeof userAccountControl === 'string' ? Number(userAccountControl) : userAccountControl;
  return Number.isInteger(value) && ((value as number) & ACCOUNTDISABLE) !== 0;
}
