export { withLdap, type LdapConnectionConfig } from './ldap/ldap-connection';
export { LdapReader, type LdapGroup, type LdapUser } from './ldap/ldap-reader';
