import { describe, expect, it } from 'vitest';
import { back, FIRST_PAGE, forward, loaded } from './pager';

describe('cursor pager', () => {
  it('goes forward by the cursor the page gave and back by the one each page was loaded with', () => {
    let pager = loaded(FIRST_PAGE, 'c1');
    expect(back(pager)).toBeNull();
    const second = forward(pager);
    expect(second?.cursor).toBe('c1');
    pager = loaded(second!.pager, 'c2');
    const third = forward(pager);
    expect(third?.cursor).toBe('c2');
    pager = loaded(third!.pager, null);
    expect(pager.index).toBe(2);
    expect(forward(pager)).toBeNull(); // the last page

    const previous = back(pager);
    expect(previous).toMatchObject({ cursor: 'c1', pager: { index: 1 } });
    const first = back(loaded(previous!.pager, 'c2'));
    expect(first).toMatchObject({ cursor: null, pager: { index: 0 } });
  });

  it('forgets pages beyond the current one when a different next page is taken', () => {
    const onSecond = forward(loaded(FIRST_PAGE, 'c1'))!.pager;
    const backToFirst = back(loaded(onSecond, 'c2'))!.pager;
    const again = forward(loaded(backToFirst, 'c1-new'))!;
    expect(again.pager.cursors).toEqual([null, 'c1-new']);
  });
});
