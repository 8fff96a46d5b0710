import { describe, expect, it } from 'vitest';
import { activateWaitingWorker, SKIP_WAITING_MESSAGE, type WorkerRegistrationView } from './activate-worker';

function fakeContainer(registrations: (WorkerRegistrationView | undefined)[]) {
  const messages: unknown[] = [];
  const listeners: (() => void)[] = [];
  let call = 0;
  return {
    messages,
    fireControllerChange: () => listeners.forEach((listener) => listener()),
    container: {
      controller: {},
      getRegistration: () => Promise.resolve(registrations[Math.min(call++, registrations.length - 1)]),
      addEventListener: (_type: 'controllerchange', listener: () => void) => void listeners.push(listener),
    },
  };
}

function manualTimers() {
  const queue: (() => void)[] = [];
  return {
    setTimer: (run: () => void) => void queue.push(run),
    async runNext() {
      queue.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    get pending() {
      return queue.length;
    },
  };
}

const waiting = (messages: unknown[]): WorkerRegistrationView => ({
  waiting: { postMessage: (message) => messages.push(message) },
  active: {},
});

describe('activating the waiting version', () => {
  it('asks the waiting worker to take over and reloads once, when it controls the page', async () => {
    const sink: unknown[] = [];
    const fake = fakeContainer([waiting(sink)]);
    const timers = manualTimers();
    let reloads = 0;
    await activateWaitingWorker(fake.container, { reload: () => reloads++, setTimer: timers.setTimer });
    expect(sink).toEqual([SKIP_WAITING_MESSAGE]);
    expect(reloads).toBe(0);
    fake.fireControllerChange();
    fake.fireControllerChange();
    await timers.runNext();
    expect(reloads).toBe(1);
  });

  it('asks again, then reloads anyway, when the worker does not take over', async () => {
    const sink: unknown[] = [];
    const fake = fakeContainer([waiting(sink)]);
    const timers = manualTimers();
    let reloads = 0;
    await activateWaitingWorker(fake.container, { reload: () => reloads++, setTimer: timers.setTimer });
    await timers.runNext();
    expect(sink).toHaveLength(2);
    expect(reloads).toBe(0);
    await timers.runNext();
    expect(reloads).toBe(1);
    expect(timers.pending).toBe(0);
  });

  it('reloads at once when no version waits any more (another window already took it)', async () => {
    const fake = fakeContainer([{ waiting: null, active: {} }]);
    let reloads = 0;
    await activateWaitingWorker(fake.container, { reload: () => reloads++, setTimer: () => undefined });
    expect(reloads).toBe(1);
  });
});
