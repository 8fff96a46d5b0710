import { z } from 'zod';

/** Enumerations of the household file (困难职工档案表), with zh-CN labels for the UI. */

export const HOUSING_TYPES = [
  'own',
  'rented',
  'public_rental',
  'borrowed',
  'dormitory',
  'none',
  'other',
] as const;
export const housingTypeSchema = z.enum(HOUSING_TYPES);
export type HousingType = z.infer<typeof housingTypeSchema>;
export const HOUSING_TYPE_LABELS: Record<HousingType, string> = {
  own: '自有住房',
  rented: '租房',
  public_rental: '公租房/廉租房',
  borrowed: '借住',
  dormitory: '单位宿舍',
  none: '无固定住所',
  other: '其他',
};

export const EMPLOYER_NATURES = [
  'state_owned',
  'collective',
  'private',
  'foreign',
  'public_institution',
  'social_organization',
  'individual_business',
  'other',
] as const;
export const employerNatureSchema = z.enum(EMPLOYER_NATURES);
export type EmployerNature = z.infer<typeof employerNatureSchema>;
export const EMPLOYER_NATURE_LABELS: Record<EmployerNature, string> = {
  state_owned: '国有企业',
  collective: '集体企业',
  private: '私营企业',
  foreign: '外资及港澳台企业',
  public_institution: '机关事业单位',
  social_organization: '社会组织',
  individual_business: '个体工商户',
  other: '其他',
};

/** Industry sections (门类) of GB/T 4754-2017. */
export const INDUSTRY_LABELS = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
} as const;
export type Industry = keyof typeof INDUSTRY_LABELS;
export const INDUSTRIES = Object.keys(INDUSTRY_LABELS) as Industry[];
export const industrySchema = z.enum(INDUSTRIES as [Industry, ...Industry[]]);

export const MODEL_WORKER_LEVELS = ['none', 'national', 'provincial', 'municipal', 'other'] as const;
export const modelWorkerSchema = z.enum(MODEL_WORKER_LEVELS);
export type ModelWorker = z.infer<typeof modelWorkerSchema>;
export const MODEL_WORKER_LABELS: Record<ModelWorker, string> = {
  none: '否',
  national: '全国劳模',
  provincial: '省部级劳模',
  municipal: '市级劳模',
  other: '其他劳模/先进',
};

/** 致困原因 codes 1–10 as on the file form. */
export const CAUSE_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export const causeSchema = z.literal(CAUSE_CODES, { error: '应为1至10的致困原因代码' });
export type Cause = z.infer<typeof causeSchema>;
export const CAUSE_LABELS: Record<Cause, string> = {
  1: '无劳动能力',
  2: '有劳动能力但失业',
  3: '下岗',
  4: '无社会保险',
  5: '社会保险待遇未落实',
  6: '因病',
  7: '因自然灾害',
  8: '因意外事故',
  9: '因子女就学',
  10: '其他',
};
export const MAX_SECONDARY_CAUSES = 3;

export const CATEGORIES = ['deep', 'relative', 'sudden', 'unclassified'] as const;
export const categorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof categorySchema>;
export const CATEGORY_LABELS: Record<Category, string> = {
  deep: '深度困难',
  relative: '相对困难',
  sudden: '意外致困',
  unclassified: '未分类',
};
