import type { OrgUnit } from './directory-api';

/**
 * The pure rules of the department tree: its shape, which rows show, and what a key does
 * (the WAI-ARIA tree pattern). No Angular here, so every rule is unit-tested.
 */

/** One visible row of the tree. */
export interface TreeRow {
  unit: OrgUnit;
  /** 1 for a top-level department (aria-level counts from 1). */
  level: number;
  hasChildren: boolean;
  expanded: boolean;
  /** The row's parent's id, for ArrowLeft; null at the top. */
  parentId: string | null;
  /** aria-setsize / aria-posinset among its siblings. */
  setSize: number;
  position: number;
}

const byName = (a: OrgUnit, b: OrgUnit) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Children of each department, by name; a unit whose parent is unknown counts as a root. */
export function childrenOf(units: readonly OrgUnit[]): Map<string | null, OrgUnit[]> {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, OrgUnit[]>();
  for (const unit of units) {
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    const siblings = children.get(parent) ?? [];
    siblings.push(unit);
    children.set(parent, siblings);
  }
  for (const siblings of children.values()) siblings.sort(byName);
  return children;
}

/** The rows on screen: every root, and the children of every expanded row, depth first. */
export function visibleRows(units: readonly OrgUnit[], expanded: ReadonlySet<string>): TreeRow[] {
  const children = childrenOf(units);
  const rows: TreeRow[] = [];
  const walk = (parentId: string | null, level: number) => {
    const siblings = children.get(parentId) ?? [];
    siblings.forEach((unit, index) => {
      const hasChildren = (children.get(unit.id)?.length ?? 0) > 0;
      const open = hasChildren && expanded.has(unit.id);
      rows.push({
        unit,
        level,
        hasChildren,
        expanded: open,
        parentId,
        setSize: siblings.length,
        position: index + 1,
      });
      if (open) walk(unit.id, level + 1);
    });
  };
  walk(null, 1);
  return rows;
}

export type TreeKeyAction =
  | { kind: 'focus'; id: string }
  | { kind: 'expand'; id: string }
  | { kind: 'collapse'; id: string }
  | { kind: 'select'; id: string };

/**
 * What a key press on the focused row does, per the WAI-ARIA tree pattern: Up/Down move,
 * Right opens a closed row or steps into an open one, Left closes an open row or steps out
 * to the parent, Home/End jump, Enter/Space select. Null: the key is not the tree's.
 */
export function treeKeyAction(
  rows: readonly TreeRow[],
  focusedId: string,
  key: string,
): TreeKeyAction | null {
  const index = rows.findIndex((row) => row.unit.id === focusedId);
  const row = rows[index];
  if (!row) return null;
  const focus = (target: TreeRow | undefined): TreeKeyAction | null =>
    target ? { kind: 'focus', id: target.unit.id } : null;
  switch (key) {
    case 'ArrowDown':
      return focus(rows[index + 1]);
    case 'ArrowUp':
      return focus(rows[index - 1]);
    case 'Home':
      return focus(rows[0]);
    case 'End':
      return focus(rows.at(-1));
    case 'ArrowRight':
      if (!row.hasChildren) return null;
      return row.expanded ? focus(rows[index + 1]) : { kind: 'expand', id: row.unit.id };
    case 'ArrowLeft':
      if (row.expanded) return { kind: 'collapse', id: row.unit.id };
      return row.parentId ? { kind: 'focus', id: row.parentId } : null;
    case 'Enter':
    case ' ':
      return { kind: 'select', id: row.unit.id };
    default:
      return null;
  }
}

/** "研发中心 › 平台部 › 基础架构组" for a person's department, or null when they have none. */
export function departmentPath(units: readonly OrgUnit[], orgUnitId: string | null): string | null {
  if (!orgUnitId) return null;
  const unit = units.find((u) => u.id === orgUnitId);
  return unit ? unit.path.join(' › ') : null;
}
