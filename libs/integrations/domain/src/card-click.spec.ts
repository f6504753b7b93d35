import { cardSchema } from '@tidings/contracts';
import { describe, expect, it } from 'vitest';
import { checkClick } from './card-click';

const leave = cardSchema.parse({
  title: 'Leave request: 李雷, 3 days',
  actions: [
    { id: 'approve', label: 'Approve', style: 'primary' },
    { id: 'reject', label: 'Reject', style: 'danger' },
    { id: 'open', label: 'Open in OA', url: 'https://oa.example.com/leave/17' },
  ],
  inputs: [
    {
      type: 'select',
      id: 'reason',
      label: 'Reason',
      options: [
        { value: 'busy', label: 'Busy period' },
        { value: 'ok', label: 'Fine' },
      ],
    },
    { type: 'text', id: 'comment', label: 'Comment', maxLength: 10, required: true },
  ],
});

describe('checkClick', () => {
  it('passes a click on a callback action with the inputs it knows, trimmed, empty ones dropped', () => {
    expect(
      checkClick(leave, { actionId: 'approve', values: { comment: '  enjoy ', reason: '' } }),
    ).toEqual({ ok: true, values: { comment: 'enjoy' } });
  });

  it.each([
    [{ actionId: 'delete', values: { comment: 'x' } }, 'actionId', /no action "delete"/],
    [{ actionId: 'open', values: { comment: 'x' } }, 'actionId', /is a link/],
    [{ actionId: 'approve', values: { comment: 'x', extra: '1' } }, 'values.extra', /no input/],
    [{ actionId: 'approve', values: { comment: 'x', reason: 'nope' } }, 'values.reason', /choices/],
    [
      { actionId: 'approve', values: { comment: '12345678901' } },
      'values.comment',
      /longer than 10/,
    ],
    [{ actionId: 'reject', values: { comment: '   ' } }, 'values.comment', /required/],
  ])('refuses %j naming %s', (click, field, message) => {
    const result = checkClick(leave, click);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe(field);
      expect(result.message).toMatch(message);
    }
  });

  it('counts characters, not UTF-16 units, against maxLength', () => {
    const tenEmoji = '👍'.repeat(10); // 20 UTF-16 units
    expect(checkClick(leave, { actionId: 'approve', values: { comment: tenEmoji } }).ok).toBe(true);
  });
});
