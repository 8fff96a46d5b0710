/**
 * Version of the record data shapes, sent by clients with every sync so the server can refuse a client
 * that is too old. Bump it when a field changes meaning or a required field is added.
 */
export const SCHEMA_VERSION = 1;
