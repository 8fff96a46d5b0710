import {
  countySettingsReplySchema,
  type CountySettingWrite,
  type CountySettingsReply,
} from '../../../../shared/monitoring';
import { get, put } from '../api/review-api';

/** The office side of the county settings (/api/monitoring/settings, docs/administration.md). */

export function getCountySettings(countyId: string | null): Promise<CountySettingsReply> {
  const query = countyId ? `?countyId=${encodeURIComponent(countyId)}` : '';
  return get(`/api/monitoring/settings${query}`, countySettingsReplySchema);
}

export function putCountySetting(write: CountySettingWrite): Promise<CountySettingsReply> {
  return put('/api/monitoring/settings', countySettingsReplySchema, write);
}
