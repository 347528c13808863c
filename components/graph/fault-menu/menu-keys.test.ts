import { describe, expect, it } from 'vitest';
import { isContextMenuKey, nextItemIndex, placeMenu } from './menu-keys';

describe('isContextMenuKey', () => {
  it('takes Shift+F10 and the menu key, not F10 alone', () => {
    expect(isContextMenuKey({ key: 'F10', shiftKey: true })).toBe(true);
    expect(isContextMenuKey({ key: 'ContextMenu', shiftKey: false })).toBe(true);
    expect(isContextMenuKey({ key: 'F10', shiftKey: false })).toBe(false);
    expect(isContextMenuKey({ key: 'Enter', shiftKey: true })).toBe(false);
  });
});

describe('nextItemIndex', () => {
  it('wraps with the arrows and jumps with Home/End', () => {
    expect(nextItemIndex('ArrowDown', 2, 3)).toBe(0);
    expect(nextItemIndex('ArrowUp', 0, 3)).toBe(2);
    expect(nextItemIndex('ArrowDown', -1, 3)).toBe(0);
    expect(nextItemIndex('ArrowUp', -1, 3)).toBe(2);
    expect(nextItemIndex('Home', 2, 3)).toBe(0);
    expect(nextItemIndex('End', 0, 3)).toBe(2);
  });

  it('ignores other keys and empty menus', () => {
    expect(nextItemIndex('a', 0, 3)).toBeNull();
    expect(nextItemIndex('ArrowDown', -1, 0)).toBeNull();
  });
});

describe('placeMenu', () => {
  it('keeps the menu inside the container', () => {
    expect(
      placeMenu({ x: 10, y: 20 }, { width: 800, height: 600 }, { width: 300, height: 200 }),
    ).toEqual({ left: 10, top: 20 });
    expect(
      placeMenu({ x: 700, y: 550 }, { width: 800, height: 600 }, { width: 300, height: 200 }),
    ).toEqual({ left: 496, top: 396 });
    expect(
      placeMenu({ x: 700, y: 10 }, { width: 200, height: 600 }, { width: 300, height: 200 }),
    ).toEqual({ left: 4, top: 10 });
  });
});
