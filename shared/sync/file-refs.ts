import type { JsonObject, JsonValue } from './canonical-json';

/**
 * The files (sha256 of an attachment's bytes) a record's data names. Files travel apart from records and
 * are stored once by hash, so the server decides who may read a file by the records that name it
 * (docs/sync-protocol.md, section 7): an attachment's `sha256`; a visit's checklist photos and
 * authorization signatures; a training's photos and attendees' signatures.
 */
export const FILE_REFERENCING_TYPES = ['attachment', 'visit', 'training'] as const;

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shasIn(list: JsonValue | undefined, key: string | null, into: Set<string>): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const value = key === null ? item : isObject(item) ? item[key] : undefined;
    if (typeof value === 'string' && value !== '') into.add(value);
  }
}

/** Every file hash `data` of a record of `type` names, each once. */
export function referencedShas(type: string, data: Readonly<JsonObject>): string[] {
  const shas = new Set<string>();
  switch (type) {
    case 'attachment':
      if (typeof data.sha256 === 'string' && data.sha256 !== '') shas.add(data.sha256);
      break;
    case 'visit':
      if (Array.isArray(data.checklist)) {
        for (const entry of data.checklist) {
          if (isObject(entry)) shasIn(entry.attachmentShas, null, shas);
        }
      }
      shasIn(data.signatures, 'attachmentSha', shas);
      break;
    case 'training':
      shasIn(data.photoShas, null, shas);
      shasIn(data.attendees, 'signatureSha', shas);
      break;
  }
  return [...shas];
}
