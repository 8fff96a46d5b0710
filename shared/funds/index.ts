export * from './api';
export * from './kinds';
