import { describe, expect, it } from 'vitest';
import { rankSwitchItems, type SwitchItem } from './quick-switch';

const items: SwitchItem[] = [
  { id: '1', title: '# release-plan', unread: 0 },
  { id: '2', title: 'Wang Fang', unread: 0 },
  { id: '3', title: '# general', unread: 2 },
  { id: '4', title: '# plan-b', unread: 1 },
  { id: '5', title: '数据库 值班', unread: 0 },
];
const ids = (query: string) => rankSwitchItems(query, items).map((i) => i.id);

describe('rankSwitchItems', () => {
  it('keeps the given (recent) order when nothing is typed', () => {
    expect(ids('')).toEqual(['1', '2', '3', '4', '5']);
  });

  it('ranks title starts, then word starts, then anywhere, unread first within a rank', () => {
    expect(ids('plan')).toEqual(['4', '1']);
    expect(ids('an')).toEqual(['4', '1', '2']);
    expect(ids('fang')).toEqual(['2']);
    expect(ids('e')).toEqual(['3', '1']);
  });

  it('ignores case, a leading # or @, and full-width forms', () => {
    expect(ids('#GEN')).toEqual(['3']);
    expect(ids('@wang')).toEqual(['2']);
    expect(ids('ＰＬＡＮ')).toEqual(['4', '1']);
    expect(ids('值班')).toEqual(['5']);
  });

  it('answers nothing for no match, and at most the limit', () => {
    expect(ids('zzz')).toEqual([]);
    expect(rankSwitchItems('', items, 2)).toHaveLength(2);
  });
});
