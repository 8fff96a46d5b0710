import { describe, expect, it } from 'vitest';
import { createUpdateController } from './update-controller';

describe('update prompt', () => {
  it('does nothing until a new version is waiting', async () => {
    const controller = createUpdateController();
    let activated = 0;
    await controller.applyUpdate(() => {
      activated++;
    });
    expect(activated).toBe(0);
    expect(controller.getState().available).toBe(false);
  });

  it('saves every open draft before the new version takes over', async () => {
    const controller = createUpdateController();
    const events: string[] = [];
    controller.registerBeforeUpdate(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push('draft A saved');
    });
    const remove = controller.registerBeforeUpdate(() => {
      events.push('closed form');
    });
    controller.registerBeforeUpdate(() => {
      events.push('draft B saved');
    });
    remove();
    controller.markAvailable();
    await controller.applyUpdate(() => {
      events.push('activate');
    });
    expect(events).toEqual(['draft A saved', 'draft B saved', 'activate']);
    expect(controller.getState().applying).toBe(true);
  });

  it('stays on this version when a draft cannot be saved', async () => {
    const controller = createUpdateController();
    controller.registerBeforeUpdate(() => {
      throw new Error('磁盘已满');
    });
    controller.markAvailable();
    let activated = false;
    await controller.applyUpdate(() => {
      activated = true;
    });
    expect(activated).toBe(false);
    expect(controller.getState()).toEqual({
      available: true,
      applying: false,
      error: '草稿未能保存，暂不更新（磁盘已满）',
    });
  });
});
