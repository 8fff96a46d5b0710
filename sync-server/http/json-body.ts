import express, { type RequestHandler } from 'express';
import { HttpError } from './errors';

/**
 * The shape rules every parsed JSON body must pass before any handler sees it (docs/sync-protocol.md,
 * section 10.1). `JSON.parse` itself copes with any nesting, but the recursive walkers behind it (zod,
 * canonical JSON, structured clone) overflow the stack a few thousand levels down, so the depth is bounded
 * here, at the edge, with an explicit stack that cannot overflow. Keys that reach object prototypes are
 * refused too, whatever a later spread, merge or `Object.assign` would do with them.
 */

/**
 * Containers (objects and arrays) nested in one another, the outermost counting as 1. The deepest real
 * body is a bundle file: bundle → changes → change → fields → field → {from, to} → a record value, which
 * is itself at most a list of objects holding lists; about 10 levels. 64 leaves ample room.
 */
export const MAX_JSON_DEPTH = 64;

/** Keys no real body uses and that lead to `Object.prototype` through ordinary property access. */
export const FORBIDDEN_JSON_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export type JsonShapeProblem =
  { problem: 'too_deep'; maxDepth: number } | { problem: 'forbidden_key'; key: string } | null;

/** Walks a parsed JSON value without recursion; the first rule it breaks, or null. */
export function checkJsonShape(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonShapeProblem {
  if (typeof value !== 'object' || value === null) return null;
  const stack: [node: object, depth: number][] = [[value, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (depth > maxDepth) return { problem: 'too_deep', maxDepth };
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    if (!Array.isArray(node)) {
      // Own keys only: JSON.parse defines `__proto__` as an ordinary own property.
      for (const key of Object.keys(node)) {
        if (FORBIDDEN_JSON_KEYS.includes(key)) return { problem: 'forbidden_key', key };
      }
    }
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return null;
}

export const JSON_SHAPE_MESSAGES = {
  body_too_deep: `请求内容嵌套层数过多（最多 ${MAX_JSON_DEPTH} 层），已拒绝`,
  forbidden_key: '请求内容含有不允许的字段名',
} as const;

/** The 400 for a body that breaks a shape rule. */
export function jsonShapeError(problem: NonNullable<JsonShapeProblem>): HttpError {
  return problem.problem === 'too_deep'
    ? new HttpError(400, 'body_too_deep', JSON_SHAPE_MESSAGES.body_too_deep, { maxDepth: problem.maxDepth })
    : new HttpError(400, 'forbidden_key', `${JSON_SHAPE_MESSAGES.forbidden_key}：${problem.key}`, {
        key: problem.key,
      });
}

/** Throws the 400 unless `value` passes the shape rules. */
export function assertJsonShape(value: unknown): void {
  const problem = checkJsonShape(value);
  if (problem) throw jsonShapeError(problem);
}

/**
 * `express.json` followed by the shape check. Parser errors (syntax, size, charset, encoding) go on to
 * the error handler unchanged, which answers them in Chinese.
 */
export function boundedJson(options: { limit: number | string }): RequestHandler {
  const parse = express.json({ limit: options.limit });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (err !== undefined && err !== null) {
        next(err);
        return;
      }
      const problem = checkJsonShape(req.body as unknown);
      next(problem ? jsonShapeError(problem) : undefined);
    });
  };
}
