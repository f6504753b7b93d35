import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import type { OrgUnit } from './directory-api';
import { treeKeyAction, visibleRows } from './department-tree';

/**
 * The department tree as an ARIA `tree`: one tab stop (roving tabindex on the focused row),
 * arrows move and open/close, Enter or Space (or a click) selects.
 */
@Component({
  selector: 'td-department-tree',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li[role='treeitem'] {
      display: flex;
      align-items: center;
      gap: 0.25rem;
      padding: 0.3rem 0.5rem;
      border-radius: 6px;
      cursor: pointer;
      outline-offset: -2px;
    }
    li[role='treeitem']:hover {
      background: #eef2f8;
    }
    li[role='treeitem'][aria-selected='true'] {
      background: #dce7fb;
      font-weight: 600;
    }
    .twisty {
      display: inline-block;
      width: 1rem;
      text-align: center;
      color: #4b5563;
    }
    .name {
      flex: 1;
    }
    .count {
      font-size: 0.8rem;
      color: #4b5563;
    }
  `,
  template: `
    @if (rows().length === 0) {
      <p class="muted" data-testid="department-tree-empty">{{ i18n.t('directory.tree.empty') }}</p>
    } @else {
      <ul
        role="tree"
        [attr.aria-label]="i18n.t('directory.tree.label')"
        data-testid="department-tree"
      >
        @for (row of rows(); track row.unit.id) {
          <li
            role="treeitem"
            data-testid="department"
            [attr.data-id]="row.unit.id"
            [attr.aria-level]="row.level"
            [attr.aria-setsize]="row.setSize"
            [attr.aria-posinset]="row.position"
            [attr.aria-expanded]="row.hasChildren ? row.expanded : null"
            [attr.aria-selected]="row.unit.id === selectedId()"
            [attr.tabindex]="row.unit.id === focusId() ? 0 : -1"
            [style.padding-left.rem]="0.5 + (row.level - 1) * 1.1"
            (click)="clickRow(row.unit.id, row.hasChildren)"
            (keydown)="onKey($event, row.unit.id)"
            (focus)="focusedId.set(row.unit.id)"
          >
            <span class="twisty" aria-hidden="true">{{
              row.hasChildren ? (row.expanded ? '▾' : '▸') : ''
            }}</span>
            <span class="name">{{ row.unit.name }}</span>
            <span
              class="count"
              [attr.aria-label]="i18n.t('directory.tree.members', { count: row.unit.totalMembers })"
              >{{ row.unit.totalMembers }}</span
            >
          </li>
        }
      </ul>
    }
  `,
})
export class DepartmentTree {
  protected readonly i18n = inject(I18n);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  readonly units = input.required<readonly OrgUnit[]>();
  readonly selectedId = input<string | null>(null);
  readonly selectUnit = output<string>();

  private readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly focusedId = signal<string | null>(null);
  protected readonly rows = computed(() => visibleRows(this.units(), this.expanded()));
  /** The row with the tab stop: the focused one, else the selected one, else the first. */
  protected readonly focusId = computed(() => {
    const rows = this.rows();
    const visible = (id: string | null) => id !== null && rows.some((r) => r.unit.id === id);
    const focused = this.focusedId();
    if (visible(focused)) return focused;
    const selected = this.selectedId();
    return visible(selected) ? selected : (rows[0]?.unit.id ?? null);
  });

  protected clickRow(id: string, hasChildren: boolean): void {
    this.focusedId.set(id);
    if (hasChildren) this.toggle(id);
    this.selectUnit.emit(id);
  }

  protected onKey(event: KeyboardEvent, rowId: string): void {
    const action = treeKeyAction(this.rows(), rowId, event.key);
    if (!action) return;
    event.preventDefault();
    switch (action.kind) {
      case 'focus':
        this.moveFocus(action.id);
        break;
      case 'expand':
        this.expanded.set(new Set([...this.expanded(), action.id]));
        break;
      case 'collapse':
        this.expanded.set(new Set([...this.expanded()].filter((id) => id !== action.id)));
        break;
      case 'select':
        this.selectUnit.emit(action.id);
        break;
    }
  }

  private toggle(id: string): void {
    const next = new Set(this.expanded());
    if (!next.delete(id)) next.add(id);
    this.expanded.set(next);
  }

  private moveFocus(id: string): void {
    this.focusedId.set(id);
    // The row exists already (focus only moves between visible rows); focus it after render.
    queueMicrotask(() =>
      this.host.nativeElement
        .querySelector<HTMLElement>(`[role=treeitem][data-id="${CSS.escape(id)}"]`)
        ?.focus(),
    );
  }
}
