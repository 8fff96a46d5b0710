import {
  currentCommandHandler,
  registerCommandHandler,
  registerCommandTargetResolver,
  registerRecordGuard,
  type CommandHandler,
  type CommandTargetResolver,
} from '../sync/hooks';
import { HOUSEHOLD_FIELD_LABELS, isCaseField, type CaseField } from '../../shared/domain/household';
import type { ChangeError } from '../../shared/sync/changes';
import type { RecordGuard } from '../sync/hooks';
import { executeCaseCommand } from './command-service';
import { registrationTargetPath } from './registration';

/**
 * The closed loop plugged into sync (sync-server/sync/hooks.ts): tablets' `command` changes run through the
 * same command service as the review API, and tablets cannot write a household's case fields by editing
 * the record. Both hooks are process-wide and stateless — they find each server's clock and loop settings
 * through the database they are handed — so installing them once serves every server in the process.
 */

/** A command change from a tablet: the same service as REST; refusals carry the machine's code and reason. */
export const caseCommandHandler: CommandHandler = (ctx, change) => {
  const outcome = executeCaseCommand(ctx.db, {
    caseId: change.caseId,
    command: change.command,
    payload: change.payload,
    actor: ctx.actor,
    via: 'sync',
    deviceId: ctx.deviceId,
    changeId: ctx.changeId,
  });
  if (!outcome.ok) {
    const error: ChangeError = { code: outcome.code, message: outcome.reason };
    if (outcome.details !== undefined) error.details = outcome.details;
    return { status: 'rejected', error };
  }
  return { status: 'applied', record: outcome.household };
};

/** A command on a case the server does not hold is a registration: its unit comes from the payload. */
export const newCaseTarget: CommandTargetResolver = (db, actor, change) =>
  change.command === 'register' ? registrationTargetPath(db, actor, change.payload) : null;

/**
 * What a tablet may put in the case fields of a household it creates: the opening values of a case found
 * on a visit or applied for at the grassroots union. Anything else moves only through commands.
 */
const OPENING_VALUES: Partial<Record<CaseField, readonly unknown[]>> = {
  stage: ['entry'],
  entryChannel: ['grassroots_found', 'worker_applied'],
  cycle: [1],
  category: ['unclassified'],
};

function isOpeningValue(field: CaseField, value: unknown): boolean {
  if (value === null) return true;
  return OPENING_VALUES[field]?.includes(value) ?? false;
}

/** Code in `details.reason` of a refused change that touched server-controlled case fields. */
export const SERVER_CONTROLLED_FIELD = 'server_controlled_field';

export const caseFieldGuard: RecordGuard = (input) => {
  if (input.type !== 'household' || input.op !== 'upsert') return null;
  const touched = Object.keys(input.fields).filter(isCaseField);
  const refused =
    input.existing === null
      ? touched.filter((field) => !isOpeningValue(field, input.fields[field]?.to ?? null))
      : touched;
  if (refused.length === 0) return null;
  const labels = refused.map((field) => `「${HOUSEHOLD_FIELD_LABELS[field]}」`).join('、');
  return {
    code: SERVER_CONTROLLED_FIELD,
    message: `${labels}只能通过业务流程办理（如提交初审、审核、分类认定）由服务器更新，平板上的修改未被接受`,
    details: { reason: SERVER_CONTROLLED_FIELD, fields: refused },
  };
};

/**
 * Installs the command handler and the case-field guard; called by every app at start. Idempotent: the
 * guards are a set, and the handler is put back only if something else replaced it.
 */
export function installCaseSyncHooks(): void {
  if (currentCommandHandler() !== caseCommandHandler) registerCommandHandler(caseCommandHandler);
  registerCommandTargetResolver(newCaseTarget);
  registerRecordGuard(caseFieldGuard);
}
