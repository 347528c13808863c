'use client';

import { useStoreApi } from '@xyflow/react';
import { createContext, useContext, useEffect, useRef } from 'react';
import type { TrafficPlan } from './traffic';
import { samplePath } from './traffic-path';
import { type Dot, dotsAt, type TrafficRegistry } from './traffic-registry';

const RegistryContext = createContext<TrafficRegistry | null>(null);
export const TrafficRegistryProvider = RegistryContext.Provider;

/** An edge's lane for the traffic canvas: kept while the edge shows, updated on path/plan change. */
export function useTrafficLane(id: string, path: string, plan: TrafficPlan, on: boolean): void {
  const registry = useContext(RegistryContext);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the plan's key stands for the plan
  useEffect(() => {
    if (registry === null || !on || plan.count === 0) return;
    const points = samplePath(path);
    if (points.length < 2) return;
    registry.set(id, { points, plan });
    return () => {
      registry.delete(id);
    };
  }, [registry, id, path, plan.key, on]);
}

/** Frames per second the dots are drawn at: smooth enough for small dots, far less work than 60. */
const FPS = 24;

/** A dot drawn once (in device pixels), then stamped: blits cost far less than arcs. */
function dotSprite(colour: string, radius: number): HTMLCanvasElement {
  const sprite = document.createElement('canvas');
  sprite.width = sprite.height = Math.ceil(radius * 2) + 2;
  const context = sprite.getContext('2d');
  if (context) {
    context.fillStyle = colour;
    context.beginPath();
    context.arc(sprite.width / 2, sprite.height / 2, radius, 0, Math.PI * 2);
    context.fill();
  }
  return sprite;
}

/**
 * One canvas under the graph's nodes and labels that draws every edge's traffic dots. The
 * animation is imperative (requestAnimationFrame, no React state per frame): it follows the
 * viewport from React Flow's store, stops while the tab is hidden and when `on` is false.
 */
export function TrafficCanvas({ registry, on }: { registry: TrafficRegistry; on: boolean }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const store = useStoreApi();

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || !on) return;
    let frame: number | undefined;
    let lastDraw = 0;
    let sprites: { normal: HTMLCanvasElement; error: HTMLCanvasElement } | null = null;
    let spritesFor = '';
    let coloursReadAt = Number.NEGATIVE_INFINITY;
    const dots: Dot[] = [];

    const draw = (now: number) => {
      frame = requestAnimationFrame(draw);
      if (now - lastDraw < 1000 / FPS - 2) return;
      lastDraw = now;
      const ratio = window.devicePixelRatio || 1;
      const width = Math.round(canvas.clientWidth * ratio);
      const height = Math.round(canvas.clientHeight * ratio);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      const [x, y, zoom] = store.getState().transform;
      if (now - coloursReadAt > 1000) {
        // The theme can change at any time: read its colours once a second.
        const style = getComputedStyle(canvas);
        const normal = style.getPropertyValue('--accent').trim() || '#0284c7';
        const error = style.getPropertyValue('--critical').trim() || '#dc2626';
        const scale = ratio * Math.max(0.5, Math.min(1.5, zoom));
        const key = `${normal}|${error}|${scale.toFixed(2)}`;
        if (key !== spritesFor) {
          sprites = { normal: dotSprite(normal, 3 * scale), error: dotSprite(error, 4 * scale) };
          spritesFor = key;
        }
        coloursReadAt = now;
      }
      context.clearRect(0, 0, width, height);
      if (sprites === null) return;
      dots.length = 0;
      const seconds = now / 1000;
      for (const lane of registry.values()) dotsAt(lane, seconds, dots);
      for (const dot of dots) {
        const sprite = dot.red ? sprites.error : sprites.normal;
        // Flow coordinates to device pixels, centred on the dot.
        const px = (dot.x * zoom + x) * ratio - sprite.width / 2;
        const py = (dot.y * zoom + y) * ratio - sprite.height / 2;
        context.drawImage(sprite, Math.round(px), Math.round(py));
      }
    };
    const start = () => {
      if (frame === undefined && document.visibilityState !== 'hidden') {
        frame = requestAnimationFrame(draw);
      }
    };
    const stop = () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      frame = undefined;
    };
    const onVisibility = () => (document.visibilityState === 'hidden' ? stop() : start());
    start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      stop();
      context.clearRect(0, 0, canvas.width, canvas.height);
    };
  }, [on, registry, store]);

  return (
    <canvas
      ref={canvasRef}
      data-testid="traffic-canvas"
      data-running={on}
      className="traffic-canvas pointer-events-none absolute inset-0 z-[3] size-full"
    />
  );
}
