/** Instance-wide key/value settings owned by the platform (instance id, schema facts). */
export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  /** Inserts or replaces the value. */
  set(key: string, value: string): Promise<void>;
  /** Sets the value only if the key is absent; returns whichever value is stored. */
  setIfAbsent(key: string, value: string): Promise<string>;
}
