import { useEffect, useRef, useState } from 'react';
import {
  APPLICANT_KIND_LABELS,
  CHECKLISTS,
  type ApplicantKind,
  type ChecklistEntry,
  type ChecklistGroup,
  type ChecklistRule,
} from '../../../shared/domain/checklist';
import { findAttachment, removeAttachment, storePhoto } from '../../db/blobs';
import { captureErrorMessage } from './capture-errors';
import {
  MAX_PHOTOS_PER_ITEM,
  addPhoto,
  entryOf,
  itemLabel,
  missingSummary,
  removePhoto,
  setTicked,
  strayEntries,
  withoutEntry,
  type Checklist,
} from './checklist-model';
import { PhotoPicker } from './photo-picker';
import { PhotoThumbnails } from './photo-thumbnails';
import './capture.css';

export interface ChecklistSectionProps {
  visitId: string;
  householdId: string;
  /** The household's unit: photos are recorded there. */
  unitId: string;
  applicantKind: ApplicantKind | null | undefined;
  value: readonly ChecklistEntry[] | null | undefined;
  onChange(checklist: ChecklistEntry[]): void;
  readOnly?: boolean;
}

const RULE_HINTS: Record<ChecklistRule, string> = {
  all: '每项都需要',
  oneOf: '提供一种即可',
  oneOrMore: '提供一种或多种',
  optional: '有变化时提供',
};

function groupSatisfied(group: ChecklistGroup, checklist: Checklist): boolean | null {
  const ticked = group.items.filter((item) => entryOf(checklist, item.id).ticked).length;
  if (group.rule === 'optional') return null;
  return group.rule === 'all' ? ticked === group.items.length : ticked > 0;
}

/**
 * The materials checklist (附件1) of one visit: every item can be ticked and backed by photos from the
 * tablet camera; the summary says what is still missing, counting a one-of group once.
 */
export function ChecklistSection(props: ChecklistSectionProps) {
  const { visitId, householdId, unitId, applicantKind, onChange, readOnly = false } = props;
  const checklist: Checklist = props.value ?? [];
  // Photos are stored one after another while the parent re-renders; each step builds on the last one.
  const latest = useRef<Checklist>(checklist);
  useEffect(() => {
    latest.current = props.value ?? [];
  }, [props.value]);
  const [busyItem, setBusyItem] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const commit = (update: (current: Checklist) => ChecklistEntry[]) => {
    const next = update(latest.current);
    latest.current = next;
    onChange(next);
  };
  const setError = (itemId: string, message: string | null) =>
    setErrors((current) => {
      const rest = Object.fromEntries(Object.entries(current).filter(([key]) => key !== itemId));
      return message ? { ...rest, [itemId]: message } : rest;
    });

  const addPhotos = async (itemId: string, files: File[]) => {
    setBusyItem(itemId);
    setError(itemId, null);
    try {
      for (const file of files) {
        if (entryOf(latest.current, itemId).attachmentShas.length >= MAX_PHOTOS_PER_ITEM) {
          setError(itemId, `每项材料最多 ${MAX_PHOTOS_PER_ITEM} 张照片`);
          break;
        }
        const stored = await storePhoto(file, { householdId, visitId, unitId, checklistItemId: itemId });
        commit((current) => addPhoto(current, itemId, stored.sha256));
      }
    } catch (error) {
      setError(itemId, captureErrorMessage(error, '照片保存失败，请重试'));
    } finally {
      setBusyItem(null);
    }
  };

  const deletePhoto = async (itemId: string, sha256: string) => {
    commit((current) => removePhoto(current, itemId, sha256));
    try {
      const attachment = await findAttachment({ visitId, sha256, checklistItemId: itemId });
      if (attachment) await removeAttachment(attachment.id);
    } catch (error) {
      setError(itemId, captureErrorMessage(error, '照片已从清单移除，但本机文件未能删除'));
    }
  };

  const dropStray = async (entry: ChecklistEntry) => {
    commit((current) => withoutEntry(current, entry.itemId));
    for (const sha256 of entry.attachmentShas) {
      const attachment = await findAttachment({ visitId, sha256, checklistItemId: entry.itemId });
      if (attachment) await removeAttachment(attachment.id);
    }
  };

  if (!applicantKind) {
    return (
      <section className="capture-section" aria-label="材料清单">
        <h3 className="capture-section__title">材料清单（附件1）</h3>
        <p className="notice">请先选择申请人类型（新建档或已在档），再核对材料清单。</p>
      </section>
    );
  }

  const missing = missingSummary(applicantKind, checklist);
  const stray = strayEntries(applicantKind, checklist);
  return (
    <section className="capture-section" aria-label="材料清单">
      <h3 className="capture-section__title">
        材料清单（附件1）<span className="capture-section__sub">{APPLICANT_KIND_LABELS[applicantKind]}</span>
      </h3>
      {CHECKLISTS[applicantKind].map((group) => {
        const satisfied = groupSatisfied(group, checklist);
        return (
          <fieldset key={group.id} className="checklist-group">
            <legend className="checklist-group__legend">
              {group.label}
              <span className="checklist-group__hint">{group.hint ?? RULE_HINTS[group.rule]}</span>
              {satisfied === null ? null : (
                <span className={satisfied ? 'tag tag--ok' : 'tag tag--missing'}>
                  {satisfied ? '已满足' : '未满足'}
                </span>
              )}
            </legend>
            {group.items.map((item) => {
              const entry = entryOf(checklist, item.id);
              const error = errors[item.id];
              return (
                <div key={item.id} className="checklist-item" data-item-id={item.id}>
                  <div className="checklist-item__row">
                    <label className="checklist-item__tick">
                      <input
                        type="checkbox"
                        checked={entry.ticked}
                        disabled={readOnly}
                        onChange={(event) => commit((c) => setTicked(c, item.id, event.target.checked))}
                      />
                      <span>{item.label}</span>
                    </label>
                    <span className="checklist-item__count">
                      {entry.attachmentShas.length > 0 ? `${entry.attachmentShas.length} 张照片` : ''}
                    </span>
                    {readOnly ? null : (
                      <PhotoPicker
                        label={`为「${item.label}」拍照`}
                        busy={busyItem === item.id}
                        disabled={busyItem !== null && busyItem !== item.id}
                        onFiles={(files) => void addPhotos(item.id, files)}
                      />
                    )}
                  </div>
                  <PhotoThumbnails
                    shas={entry.attachmentShas}
                    subject={item.label}
                    readOnly={readOnly}
                    onRemove={(sha256) => void deletePhoto(item.id, sha256)}
                  />
                  {error ? (
                    <p className="field-error" role="alert">
                      {error}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        );
      })}
      {stray.length > 0 ? (
        <div className="notice notice--warning">
          <p>以下材料不属于{APPLICANT_KIND_LABELS[applicantKind]}的清单（申请人类型改变前登记的）：</p>
          <ul className="checklist-stray">
            {stray.map((entry) => (
              <li key={entry.itemId}>
                {itemLabel(entry.itemId)}
                {entry.attachmentShas.length > 0 ? `（${entry.attachmentShas.length} 张照片）` : ''}
                {readOnly ? null : (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void dropStray(entry)}
                  >
                    移除
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p
        className={missing ? 'checklist-missing' : 'checklist-missing checklist-missing--done'}
        role="status"
      >
        {missing ?? '材料已齐全'}
      </p>
    </section>
  );
}
