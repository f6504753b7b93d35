/**
 * PostgreSQL hardening for production (docs/compliance.md quotes this text; a test applies it):
 * refuse UPDATE, DELETE and TRUNCATE of audit records, their subjects and checkpoints, even by
 * a role that was granted them. Not a migration: it guards against mistakes and applications,
 * while the table owner can still drop it — the signed checkpoints are what catch an owner.
 */
export const APPEND_ONLY_TRIGGER_SQL = `CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_record_subjects_append_only BEFORE UPDATE OR DELETE ON audit_record_subjects
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_record_subjects_no_truncate BEFORE TRUNCATE ON audit_record_subjects
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();`;
