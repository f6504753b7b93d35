/** A department: a node of the tree built from OUs (or a department attribute). */
export interface OrgUnit {
  id: string;
  parentId: string | null;
  name: string;
  /** Names from the root, e.g. ['研发中心', '平台部']. */
  path: string[];
}

export interface OrgUnitRepository {
  /**
   * Returns the unit at `path`, creating it and any missing ancestors (each reported to
   * `onCreated`, so the caller can publish it); null for [].
   */
  ensurePath(path: string[], onCreated?: (unit: OrgUnit) => void): Promise<string | null>;
  list(): Promise<OrgUnit[]>;
  /** Removes units nobody belongs to and with no sub-units, deepest first; returns them. */
  pruneEmpty(): Promise<OrgUnit[]>;
}

/** `/` separates names in the stored key; a `/` inside a name is escaped so keys stay unique. */
export function pathKey(path: string[]): string {
  return path.map((name) => name.replaceAll('\\', '\\\\').replaceAll('/', '\\/')).join('/');
}
