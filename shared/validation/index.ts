export { todayInChina } from './clock';
export { addDays, ageOn, dateSchema, isRealDate, isoDateTimeSchema, notFutureDateSchema } from './dates';
export {
  checkIdNumber,
  idNumberCheckChar,
  idNumberSchema,
  idNumberSchemaAsOf,
  parseIdNumber,
  type IdNumberCheck,
  type IdNumberInfo,
  type IdNumberSex,
} from './id-number';
export {
  CREDIT_CODE_CHARSET,
  checkCreditCode,
  creditCodeCheckChar,
  creditCodeSchema,
  isValidCreditCode,
  type CreditCodeCheck,
} from './credit-code';
export { MOBILE_PATTERN, isValidMobile, mobileSchema } from './mobile';
export { typeError } from './messages';
export { MAX_FEN, fenSchema, fenToYuanInput, formatFen, parseYuan, yuanToFen, type YuanParse } from './money';
