export * from './definitions';
export * from './period';
export * from './facts';
export * from './compute';
export * from './api';
