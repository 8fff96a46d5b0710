import {
  deactivateUnitReplySchema,
  orgTreeReplySchema,
  orgUnitReplySchema,
  transferCaseReplySchema,
  unitImportReplySchema,
  type CreateUnitRequest,
  type DeactivateUnitRequest,
  type MoveUnitRequest,
  type TransferCaseRequest,
} from '../../../../shared/org/api';
import { get, patch, post, postCsv } from '../../review/api/review-api';

/** The organisation tree API (/api/units, docs/administration.md), online only like every office screen. */

export const getOrgTree = () => get('/api/units/tree', orgTreeReplySchema);

export const createUnit = (request: CreateUnitRequest) => post('/api/units', orgUnitReplySchema, request);

export const renameUnit = (id: string, name: string) =>
  patch(`/api/units/${encodeURIComponent(id)}`, orgUnitReplySchema, { name });

export const moveUnit = (id: string, request: MoveUnitRequest) =>
  post(`/api/units/${encodeURIComponent(id)}/move`, orgUnitReplySchema, request);

export const deactivateUnit = (id: string, request: DeactivateUnitRequest) =>
  post(`/api/units/${encodeURIComponent(id)}/deactivate`, deactivateUnitReplySchema, request);

export const importUnits = (csv: string, apply: boolean) =>
  postCsv(`/api/units/import${apply ? '?apply=1' : ''}`, unitImportReplySchema, csv);

export const getTransferTargets = () => get('/api/units/transfer-targets', orgTreeReplySchema);

export const transferCase = (caseId: string, request: TransferCaseRequest) =>
  post(`/api/cases/${encodeURIComponent(caseId)}/transfer`, transferCaseReplySchema, request);
