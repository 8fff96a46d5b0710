// The review API's contract (docs/review-api.md): request/reply schemas, the server-authored record data
// the closed loop writes (caseEvent, comment), the comparison CSV reader and masks.
export * from './api';
export * from './records';
export * from './comparison-csv';
export * from './masks';
