import type { z } from 'zod';

/**
 * Error option for a schema constructor that words only the type error: a missing value reads "必须填写",
 * a value of the wrong type reads `expected`, and every check keeps its own message.
 */
export function typeError(expected: string) {
  return (issue: z.core.$ZodRawIssue): string | undefined => {
    if (issue.code !== 'invalid_type') return undefined;
    return issue.input === undefined || issue.input === null ? '必须填写' : expected;
  };
}
