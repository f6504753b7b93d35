import { describe, expect, it } from 'vitest';
import { childrenOf, departmentPath, treeKeyAction, visibleRows } from './department-tree';
import type { OrgUnit } from './directory-api';

const unit = (id: string, parentId: string | null, path: string[]): OrgUnit => ({
  id,
  parentId,
  name: path.at(-1) ?? id,
  path,
  directMembers: 0,
  totalMembers: 0,
});

// 研发中心 › {平台部 › 基础架构组, 产品部}; Sales › EMEA — given out of order on purpose.
const units = [
  unit('infra', 'platform', ['研发中心', '平台部', '基础架构组']),
  unit('sales', null, ['Sales']),
  unit('product', 'rd', ['研发中心', '产品部']),
  unit('rd', null, ['研发中心']),
  unit('platform', 'rd', ['研发中心', '平台部']),
  unit('emea', 'sales', ['Sales', 'EMEA']),
];
const ids = (rows: ReturnType<typeof visibleRows>) => rows.map((row) => row.unit.id);

describe('the department tree', () => {
  it('shows only the top level when nothing is expanded, sorted by name', () => {
    const rows = visibleRows(units, new Set());
    expect(ids(rows)).toEqual(['sales', 'rd']); // 'Sales' sorts before '研发中心'
    expect(rows.map((r) => [r.level, r.hasChildren, r.expanded])).toEqual([
      [1, true, false],
      [1, true, false],
    ]);
    expect(rows.map((r) => [r.position, r.setSize])).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('shows the children of expanded rows depth first, with their levels', () => {
    const rows = visibleRows(units, new Set(['rd', 'platform']));
    expect(ids(rows)).toEqual(['sales', 'rd', 'product', 'platform', 'infra']);
    expect(rows.map((r) => r.level)).toEqual([1, 1, 2, 2, 3]);
    expect(rows.find((r) => r.unit.id === 'infra')).toMatchObject({
      hasChildren: false,
      expanded: false,
      parentId: 'platform',
    });
  });

  it('ignores an expanded id under a collapsed parent, and treats orphans as roots', () => {
    expect(ids(visibleRows(units, new Set(['platform'])))).toEqual(['sales', 'rd']);
    const orphan = unit('lost', 'gone', ['Gone', 'Lost']);
    expect(childrenOf([orphan]).get(null)).toEqual([orphan]);
  });

  it('moves, opens, closes and selects with the keys of the ARIA tree pattern', () => {
    const closed = visibleRows(units, new Set());
    expect(treeKeyAction(closed, 'sales', 'ArrowDown')).toEqual({ kind: 'focus', id: 'rd' });
    expect(treeKeyAction(closed, 'rd', 'ArrowDown')).toBeNull(); // the last row
    expect(treeKeyAction(closed, 'sales', 'ArrowUp')).toBeNull();
    expect(treeKeyAction(closed, 'rd', 'ArrowRight')).toEqual({ kind: 'expand', id: 'rd' });
    expect(treeKeyAction(closed, 'rd', 'Enter')).toEqual({ kind: 'select', id: 'rd' });
    expect(treeKeyAction(closed, 'rd', ' ')).toEqual({ kind: 'select', id: 'rd' });
    expect(treeKeyAction(closed, 'rd', 'x')).toBeNull();

    const open = visibleRows(units, new Set(['rd', 'platform']));
    expect(treeKeyAction(open, 'rd', 'ArrowRight')).toEqual({ kind: 'focus', id: 'product' });
    expect(treeKeyAction(open, 'rd', 'ArrowLeft')).toEqual({ kind: 'collapse', id: 'rd' });
    expect(treeKeyAction(open, 'infra', 'ArrowLeft')).toEqual({ kind: 'focus', id: 'platform' });
    expect(treeKeyAction(open, 'infra', 'ArrowRight')).toBeNull(); // a leaf
    expect(treeKeyAction(open, 'sales', 'ArrowLeft')).toBeNull(); // closed, at the top
    expect(treeKeyAction(open, 'infra', 'Home')).toEqual({ kind: 'focus', id: 'sales' });
    expect(treeKeyAction(open, 'sales', 'End')).toEqual({ kind: 'focus', id: 'infra' });
    expect(treeKeyAction(open, 'unknown', 'ArrowDown')).toBeNull();
  });

  it('names a department by its path', () => {
    expect(departmentPath(units, 'infra')).toBe('研发中心 › 平台部 › 基础架构组');
    expect(departmentPath(units, null)).toBeNull();
    expect(departmentPath(units, 'nowhere')).toBeNull();
  });
});
