import { describe, expect, it } from 'vitest';
import { checkLocalPerson, EMPTY_FORM } from './local-person-form';

describe('the new local person form', () => {
  it('builds the request from trimmed values, leaving empty optional fields out', () => {
    expect(
      checkLocalPerson({ ...EMPTY_FORM, username: ' carol.chen ', displayName: ' Carol 陈 ' }),
    ).toEqual({ ok: true, person: { username: 'carol.chen', displayName: 'Carol 陈' } });
    expect(
      checkLocalPerson({
        username: 'desk@corp',
        displayName: 'Service desk',
        email: 'desk@corp.example',
        title: 'Helpdesk',
        orgUnitId: 'unit-1',
      }),
    ).toEqual({
      ok: true,
      person: {
        username: 'desk@corp',
        displayName: 'Service desk',
        email: 'desk@corp.example',
        title: 'Helpdesk',
        orgUnitId: 'unit-1',
      },
    });
  });

  it('names every problem with its field', () => {
    expect(checkLocalPerson(EMPTY_FORM)).toEqual({
      ok: false,
      problems: [
        { field: 'username', message: 'admin.users.form.usernameRequired' },
        { field: 'displayName', message: 'admin.users.form.displayNameRequired' },
      ],
    });
    const bad = checkLocalPerson({
      ...EMPTY_FORM,
      username: '.starts-with-dot',
      displayName: 'X',
      email: 'not an address',
    });
    expect(bad.ok ? [] : bad.problems.map((p) => p.message)).toEqual([
      'admin.users.form.usernameInvalid',
      'admin.users.form.emailInvalid',
    ]);
    expect(checkLocalPerson({ ...EMPTY_FORM, username: 'a b', displayName: 'X' }).ok).toBe(false);
  });
});
