import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roleSchema } from '../role-schema';
import type { Role } from '../roles';
import { addDays } from '../validation/dates';
import { caseStateSchema } from './case-state';
import type { CaseState } from './case-state';
import { LOOP_COMMAND_NAMES } from './commands';
import type { LoopCommandInput, LoopCommandName } from './commands';
import { LOOP_ERROR_CODES, LOOP_TRANSITIONS, allowedCommands, applyCommand } from './machine';
import { LOOP_STAGES } from './stages';
import type { LoopStage } from './stages';
import { ACTORS, chinaMorning, commandFor } from './test-fixtures';
import { COMPARISON_SOURCES, EXIT_REASONS, REOPEN_STAGES } from './vocabulary';

/** The graph of docs/closed-loop.md, written out by hand so that a change to the definitions shows here. */
const DOCUMENTED_EDGES: readonly (readonly [LoopStage | null, LoopStage])[] = [
  [null, 'entry'],
  ['entry', 'visit'],
  ['entry', 'township_check'],
  ['entry', 'county_review'],
  ['visit', 'township_check'],
  ['visit', 'county_review'],
  ['returned', 'township_check'],
  ['returned', 'county_review'],
  ['managed', 'township_check'],
  ['managed', 'county_review'],
  ['township_check', 'county_review'],
  ['township_check', 'returned'],
  ['county_review', 'comparison'],
  ['county_review', 'returned'],
  ['comparison', 'comparison'],
  ['comparison', 'classification'],
  ['classification', 'plan'],
  ['plan', 'plan'],
  ['plan', 'public_notice'],
  ['public_notice', 'public_notice'],
  ['public_notice', 'filing'],
  ['public_notice', 'comparison'],
  ['public_notice', 'classification'],
  ['public_notice', 'plan'],
  ['filing', 'disbursement'],
  ['disbursement', 'managed'],
  ['managed', 'managed'],
  ['managed', 'phase_out'],
  ['managed', 'exited'],
  ['phase_out', 'phase_out'],
  ['phase_out', 'managed'],
  ['phase_out', 'exited'],
  ['exited', 'entry'],
  ['exited', 'county_review'],
];
const edgeKey = (from: LoopStage | null, to: LoopStage) => `${from ?? '∅'}→${to}`;
const documented = new Set(DOCUMENTED_EDGES.map(([from, to]) => edgeKey(from, to)));

const ROLES = roleSchema.options;

interface Move {
  /**
   * `forward`: the offered step that moves the case furthest on; `offered`: whichever step the UI offers;
   * `anything`: a random step by a random role (mostly refused).
   */
  mode: 'forward' | 'offered' | 'anything';
  name: LoopCommandName;
  role: Role;
  pick: number;
  variant: number;
  advance: number;
}

const moveArbitrary: fc.Arbitrary<Move> = fc.record({
  mode: fc.nat(19).map((n) => (n <= 10 ? 'forward' : n <= 16 ? 'offered' : 'anything')),
  name: fc.constantFrom(...LOOP_COMMAND_NAMES),
  role: fc.constantFrom(...ROLES),
  pick: fc.nat(50),
  variant: fc.nat(11),
  advance: fc.oneof(
    { arbitrary: fc.constant(0), weight: 4 },
    { arbitrary: fc.nat(10), weight: 4 },
    { arbitrary: fc.nat(200), weight: 1 },
  ),
});

/** A payload for the move: the valid one, another branch of it, or a broken one. */
function commandOf(
  move: Move,
  name: LoopCommandName,
  state: CaseState | null,
  today: string,
): LoopCommandInput {
  const { variant, pick } = move;
  if (variant === 11) return { command: name, payload: { broken: true } } as unknown as LoopCommandInput;
  if (variant < 9) return commandFor(name, state, today);
  switch (name) {
    case 'register':
      return commandFor(name, state, today, { entryChannel: 'sudden_hardship', description: '突发车祸' });
    case 'submitVisit':
      return commandFor(name, state, today, {
        missingMaterials: ['户口簿'],
        authorizationSigned: pick % 2 === 0,
      });
    case 'forwardToCounty':
      return commandFor(name, state, today, {
        materialsComplete: false,
        gapNote: pick % 2 ? '原件遗失' : '',
      });
    case 'recordComparison':
      return commandFor(name, state, today, {
        results: COMPARISON_SOURCES.slice(0, 1 + (pick % 8)).map((source) => ({
          source,
          result: 'inconsistent' as const,
          note: '名下有车辆',
        })),
      });
    case 'classify':
      return commandFor(name, state, today, {
        category: pick % 2 ? 'relative' : 'sudden',
        reason: pick % 3 ? '经集体研究认定' : '',
      });
    case 'approvePlan':
      return commandFor(name, state, today, { decision: 'rejected' });
    case 'startNotice':
      return commandFor(name, state, today, { endDate: addDays(today, pick % 12) });
    case 'recordObjection':
      return commandFor(name, state, today, { objectionId: `objection-${pick % 3}` });
    case 'settleObjection':
      return commandFor(name, state, today, {
        outcome: 'upheld',
        reopenAt: REOPEN_STAGES[pick % REOPEN_STAGES.length],
      });
    case 'disburse':
      return commandFor(name, state, today, { amountFen: 1 + pick * 10_000 });
    case 'exit':
      return commandFor(name, state, today, { reason: EXIT_REASONS[pick % EXIT_REASONS.length] });
    case 'refile':
      return commandFor(name, state, today, { restartAt: 'county_review' });
    default:
      return commandFor(name, state, today);
  }
}

/** Picks the move's step and role according to its mode. */
function choose(move: Move, state: CaseState | null, today: string): { name: LoopCommandName; role: Role } {
  const raw = { name: move.name, role: move.role };
  if (move.mode === 'anything') return raw;
  const now = chinaMorning(today);
  const offers = ROLES.flatMap((role) => allowedCommands(state, role, now).map((name) => ({ name, role })));
  if (move.mode === 'forward') {
    // The offered step that leads furthest along LOOP_STAGES (away from returns and reopenings).
    let best: { name: LoopCommandName; role: Role; rank: number } | null = null;
    for (const offer of offers) {
      const trial = applyCommand(state, commandFor(offer.name, state, today), ACTORS[offer.role], now);
      if (!trial.ok || trial.state.stage === state?.stage) continue;
      const rank = LOOP_STAGES.indexOf(trial.state.stage);
      if (best === null || rank > best.rank) best = { ...offer, rank };
    }
    if (best) return { name: best.name, role: best.role };
  }
  return offers[move.pick % Math.max(offers.length, 1)] ?? raw;
}

function freeze(state: CaseState): CaseState {
  for (const value of Object.values(state)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(state);
}

describe('the machine under random command sequences', () => {
  it('every documented stage is reachable from registration', () => {
    const reached = new Set<LoopStage>();
    const queue: (LoopStage | null)[] = [null];
    while (queue.length > 0) {
      const from = queue.shift() ?? null;
      for (const [edgeFrom, to] of DOCUMENTED_EDGES) {
        if (edgeFrom === from && !reached.has(to)) {
          reached.add(to);
          queue.push(to);
        }
      }
    }
    expect([...reached].sort()).toEqual([...LOOP_STAGES].sort());
    expect(new Set(LOOP_TRANSITIONS.map((t) => edgeKey(t.from, t.to)))).toEqual(documented);
  });

  it('only takes documented edges, keeps its invariants and never mutates its input', () => {
    const visited = new Set<LoopStage>();
    fc.assert(
      fc.property(fc.array(moveArbitrary, { minLength: 1, maxLength: 120, size: 'max' }), (moves) => {
        let state: CaseState | null = null;
        let today = '2026-03-02';
        for (const move of moves) {
          today = addDays(today, move.advance);
          const now = chinaMorning(today);
          const { name, role } = choose(move, state, today);
          const command = commandOf(move, name, state, today);
          const input: CaseState | null = state ? freeze({ ...state }) : null;
          const before = JSON.stringify(input);
          const result = applyCommand(input, command, ACTORS[role], now);
          expect(JSON.stringify(input)).toBe(before);
          expect(applyCommand(input, command, ACTORS[role], now)).toEqual(result);
          if (!result.ok) {
            expect(LOOP_ERROR_CODES).toContain(result.code);
            expect(result.reason).toMatch(/^当前环节「.+」：/);
            continue;
          }
          const next: CaseState = result.state;
          expect(documented.has(edgeKey(input?.stage ?? null, next.stage))).toBe(true);
          expect(result.event).toMatchObject({
            command: name,
            fromStage: input?.stage ?? null,
            toStage: next.stage,
          });
          expect(caseStateSchema.safeParse(next).success).toBe(true);
          expect(next.openObjections).toBe(next.openObjectionIds.length);
          expect(next.disbursedTotalFen).toBeLessThanOrEqual(next.planTotalFen);
          expect(next.cycle).toBeGreaterThanOrEqual(input?.cycle ?? 1);
          if (next.stage === 'phase_out') expect(next.phaseOutUntil).not.toBeNull();
          if (next.stage === 'managed') expect(next.cityFiled && next.planApproved).toBe(true);
          visited.add(next.stage);
          state = next;
        }
      }),
      { numRuns: 60, endOnFailure: true },
    );
    // The generator must actually drive cases around the whole loop, or the property says little.
    expect([...visited].sort()).toEqual([...LOOP_STAGES].sort());
  }, 60_000);
});
