/** Keys that open the context menu on a focused node or edge: Shift+F10 and the menu key. */
export function isContextMenuKey(event: { key: string; shiftKey: boolean }): boolean {
  return event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey);
}

/**
 * The menu item an arrow key moves to (wrapping), Home/End to the ends; null for other keys.
 * `current` is -1 when focus is on none of the `count` items.
 */
export function nextItemIndex(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : (current + 1) % count;
    case 'ArrowUp':
      return current < 0 ? count - 1 : (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** Where the menu goes: at the point, moved back inside the container when it would overflow. */
export function placeMenu(
  point: { x: number; y: number },
  container: { width: number; height: number },
  menu: { width: number; height: number },
): { left: number; top: number } {
  const clamp = (value: number, size: number, room: number) =>
    Math.max(4, Math.min(value, room - size - 4));
  return {
    left: clamp(point.x, menu.width, container.width),
    top: clamp(point.y, menu.height, container.height),
  };
}
