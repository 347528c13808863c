'use client';

import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { type RowWindow, rowWindow, scrollTopFor } from './virtual-window';

/**
 * Windowing for a scroll container of fixed-height rows: tracks its scroll position and height
 * (ResizeObserver) and says which rows to render. `scrollToIndex` brings a row into view.
 */
export function useVirtualRows(
  count: number,
  rowHeight: number,
): {
  ref: RefObject<HTMLDivElement | null>;
  window: RowWindow;
  onScroll: () => void;
  scrollToIndex: (index: number) => void;
} {
  const ref = useRef<HTMLDivElement | null>(null);
  const [viewport, setViewport] = useState({ scrollTop: 0, height: 800 });

  const measure = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    setViewport((current) =>
      current.scrollTop === element.scrollTop && current.height === element.clientHeight
        ? current
        : { scrollTop: element.scrollTop, height: element.clientHeight },
    );
  }, []);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = ref.current;
      if (!element) return;
      const top = scrollTopFor(index, rowHeight, element.scrollTop, element.clientHeight);
      if (top !== element.scrollTop) element.scrollTop = top;
      measure();
    },
    [rowHeight, measure],
  );

  return {
    ref,
    window: rowWindow(count, rowHeight, viewport.scrollTop, viewport.height),
    onScroll: measure,
    scrollToIndex,
  };
}
