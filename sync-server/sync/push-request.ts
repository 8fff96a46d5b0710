import { z } from 'zod';
import { parsedPushRequestSchema, pushRequestSchema, type PushRequest } from '../../shared/sync/changes';

/**
 * Reading a push body. The body comes from `express.json`, so its JSON values need no re-checking value
 * by value: the parsed-JSON variant of the schema (compiled, as the server may generate code) checks the
 * same shape in a fraction of the time. A body it refuses goes through `pushRequestSchema` itself, which
 * throws exactly the error it always did (the 400 lists zod's issues).
 */
const fastPushRequestSchema = z.compile(parsedPushRequestSchema);

export function parsePushRequest(body: unknown): PushRequest {
  const fast = fastPushRequestSchema.safeParse(body);
  return fast.success ? fast.data : pushRequestSchema.parse(body);
}
