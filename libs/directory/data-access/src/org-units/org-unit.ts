/** A department: a node of the tree built from OUs (or a department attribute). */
export interface OrgUnit {
  id: string;
  parentId: string | null;
  name: string;
  /** Names from the root, e.g. ['研发中心', '平台部']. */
  path: string[];
}

export interface OrgUnitRepository {
  /** Returns the unit at `path`, creating it and any missing ancestors; null for []. */
  ensurePath(path: string[]): Promise<string | null>;
  list(): Promise<OrgUnit[]>;
}

/** `/` separates names in the stored key; a `/` inside a name is escaped so keys stay unique. */
export function pathKey(path: string[]): string {
  return path.map((name) => name.replaceAll('\\', '\\\\').replaceAll('/', '\\/')).join('/');
}
